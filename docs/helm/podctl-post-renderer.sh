#!/usr/bin/env bash
# Helm post-renderer: applies PodDefaults to the manifests Helm rendered.
#
# Reads the manifests on stdin and writes them, with the PodDefaults applied,
# to stdout. Exits non-zero, writing nothing, when podctl fails: bad input
# (2) or a conflict that the PodDefault webhook would reject (3).
#
#   PODCTL_DEFAULTS   PodDefaults: a file or a folder (default: poddefaults/)
#   PODCTL_NAMESPACE  required: the release's namespace, which objects that
#                     name none are deployed to (Helm does not tell a
#                     post-renderer the release's namespace)
#
# Arguments are passed on to podctl apply-defaults, for example --mark-excluded.
# See docs/ci.md.
set -euo pipefail

if [[ -z "${PODCTL_NAMESPACE:-}" ]]; then
  # without it every object that names no namespace would be taken as in
  # "default", where no PodDefault applies, and the release would pass unchanged
  echo "error: set PODCTL_NAMESPACE to the release's namespace (helm ... -n NAMESPACE): Helm does not pass it to a post-renderer" >&2
  exit 2
fi
exec podctl apply-defaults -f - -d "${PODCTL_DEFAULTS:-poddefaults/}" -n "$PODCTL_NAMESPACE" "$@"
