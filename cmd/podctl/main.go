// Command podctl applies Kubeflow PodDefaults to Kubernetes manifests,
// offline, exactly as the PodDefault admission webhook would.
package main

import (
	"os"

	"github.com/podctl/podctl/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
