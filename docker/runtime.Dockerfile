# pipewright/runtime:1 for machines that can reach Docker Hub and Debian's archive. It matches what
# scripts/build-images.sh builds without any registry (debootstrap + docker import): Debian bookworm,
# Debian's python3 with pandas, scikit-learn, scipy and numpy, our component code on PYTHONPATH, and the
# `pipewright` command (validate, compile, export, import, schema, drift) run by Node at /opt/pipewright/node.
#
# Build from the repository root (after `npm ci`) with a prepared context holding the component code and the
# CLI bundle (the repo root would send node_modules), on linux-x64 like the image (the bundle carries this
# machine's DuckDB binding):
#   ctx=$(mktemp -d) && cp -r resources/python "$ctx/python" && node scripts/bundle-cli.mjs "$ctx/cli"
#   docker build -f docker/runtime.Dockerfile --build-arg NODE_VERSION=$(node -p process.versions.node) \
#     -t pipewright/runtime:1 "$ctx" && rm -rf "$ctx"
# NODE_VERSION picks the official Node image the binary is taken from; the host's version keeps `pipewright`
# in the image identical to the host CLI.
ARG NODE_VERSION=20
FROM node:${NODE_VERSION}-bookworm-slim AS node

FROM debian:bookworm-slim

# Debian's packages rather than pip wheels: the same versions as the registry-free build and the
# process executor's system python, so a node gives the same result whichever way it runs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-pandas python3-sklearn python3-scipy python3-numpy \
 && rm -rf /var/lib/apt/lists/*

COPY --from=node /usr/local/bin/node /opt/pipewright/node/bin/node
COPY python /opt/pipewright/python
COPY cli /opt/pipewright/cli
RUN printf '#!/bin/sh\nexec /opt/pipewright/node/bin/node /opt/pipewright/cli/pipewright.mjs "$@"\n' >/usr/local/bin/pipewright \
 && chmod 755 /usr/local/bin/pipewright \
 && pipewright --version
ENV PYTHONPATH=/opt/pipewright/python PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 LANG=C.UTF-8
CMD ["python3"]
