#!/usr/bin/env bash
# Helm post-renderer: applies PodDefaults to the manifests Helm rendered.
#
# Reads the manifests on stdin and writes them, with the PodDefaults applied,
# to stdout. Exits non-zero, writing nothing, when podctl fails: bad input
# (2) or a conflict that the PodDefault webhook would reject (3).
#
#   PODCTL_DEFAULTS   PodDefaults: a file or a folder (default: poddefaults/)
#   PODCTL_NAMESPACE  namespace of objects that name none; use the release's
#                     namespace (default: podctl's own, "default")
#
# Arguments are passed on to podctl apply-defaults, for example --mark-excluded.
# See docs/ci.md.
set -euo pipefail

args=(apply-defaults -f - -d "${PODCTL_DEFAULTS:-poddefaults/}")
if [[ -n "${PODCTL_NAMESPACE:-}" ]]; then
  args+=(-n "$PODCTL_NAMESPACE")
fi
exec podctl "${args[@]}" "$@"
