package cluster

import (
	"regexp"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// pullPolicyFor is the default imagePullPolicy of an image reference:
// Always when its tag is "latest" or it has neither tag nor digest, else
// IfNotPresent, also for a reference that does not parse (the server's
// parsers.ParseImageName, on github.com/distribution/reference).
func pullPolicyFor(image string) corev1.PullPolicy {
	if tag, ok := imageTag(image); ok && tag == "latest" {
		return corev1.PullAlways
	}
	return corev1.PullIfNotPresent
}

// The grammar of distribution/reference, for what the pull policy needs.
const (
	refAlphanumeric = `[a-z0-9]+`
	refSeparator    = `(?:[._]|__|[-]+)`
	refDomainComp   = `(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])`
	refDomain       = `(?:` + refDomainComp + `(?:\.` + refDomainComp + `)*` + `|\[(?:[a-fA-F0-9:]+)\])(?::[0-9]+)?`
	refTag          = `[\w][\w.-]{0,127}`
	refDigest       = `[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}`
	refPathComp     = refAlphanumeric + `(?:` + refSeparator + refAlphanumeric + `)*`
	refRemote       = refPathComp + `(?:/` + refPathComp + `)*`
	refName         = `(?:` + refDomain + `/)?` + refRemote
)

var (
	referenceRegexp  = regexp.MustCompile(`^(` + refName + `)(?::(` + refTag + `))?(?:@(` + refDigest + `))?$`)
	anchoredNameRe   = regexp.MustCompile(`^(?:(` + refDomain + `)/)?(` + refRemote + `)$`)
	identifierRegexp = regexp.MustCompile(`^[a-f0-9]{64}$`)
	digestLengths    = map[string]int{"sha256": 64, "sha384": 96, "sha512": 128}
	lowerHex         = regexp.MustCompile(`^[a-f0-9]+$`)
)

// imageTag returns the tag ParseImageName would give ("latest" when there
// is neither tag nor digest) and whether the reference parses.
func imageTag(s string) (string, bool) {
	if identifierRegexp.MatchString(s) {
		return "", false
	}
	domain, remainder := splitDockerDomain(s)
	remote := remainder
	if i := strings.IndexRune(remainder, ':'); i > -1 {
		remote = remainder[:i]
	}
	if strings.ToLower(remote) != remote {
		return "", false
	}
	m := referenceRegexp.FindStringSubmatch(domain + "/" + remainder)
	if m == nil {
		return "", false
	}
	if n := anchoredNameRe.FindStringSubmatch(m[1]); len(n) == 3 && len(n[2]) > 255 {
		return "", false
	}
	tag, digest := m[2], m[3]
	if digest != "" {
		alg, enc, _ := strings.Cut(digest, ":")
		if want, ok := digestLengths[alg]; !ok || len(enc) != want || !lowerHex.MatchString(enc) {
			return "", false
		}
	}
	if tag == "" && digest == "" {
		tag = "latest"
	}
	return tag, true
}

func splitDockerDomain(name string) (domain, remote string) {
	const defaultDomain, legacyDomain, official = "docker.io", "index.docker.io", "library/"
	first, rest, ok := strings.Cut(name, "/")
	switch {
	case !ok:
		return defaultDomain, official + name
	case first == "localhost":
		domain, remote = first, rest
	case first == legacyDomain:
		domain, remote = defaultDomain, rest
	case strings.ContainsAny(first, ".:"), strings.ToLower(first) != first:
		domain, remote = first, rest
	default:
		domain, remote = defaultDomain, name
	}
	if domain == defaultDomain && !strings.ContainsRune(remote, '/') {
		remote = official + remote
	}
	return domain, remote
}
