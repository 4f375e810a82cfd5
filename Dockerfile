# syntax=docker/dockerfile:1
# The podctl image. goreleaser builds it from the release binaries (dockers_v2 in .goreleaser.yaml):
# the build context holds linux/amd64/podctl and linux/arm64/podctl.
#
# Without arguments it runs `podctl fn`, the KRM function, which is how kpt (`kpt fn eval --image`)
# and kustomize (a container function) run an image: the ResourceList on standard input, no
# arguments. Any podctl command can be given instead:
#   docker run --rm -v "$PWD:/work" -w /work IMAGE apply-defaults --check -R -f manifests/ -d poddefaults/
#
# The base is pinned by digest (distroless static, user nonroot, 65532); to move it on:
#   crane digest gcr.io/distroless/static-debian12:nonroot
# internal/release_test.go checks the base is pinned, the user is not root and podctl fn is the default.
FROM gcr.io/distroless/static-debian12:nonroot@sha256:afa5c872c891853ca7fcf1f12c3edb23f7eeef36189728842dd51042ff57f7ab
ARG TARGETPLATFORM
COPY $TARGETPLATFORM/podctl /usr/local/bin/podctl
USER 65532:65532
ENTRYPOINT ["/usr/local/bin/podctl"]
CMD ["fn"]
