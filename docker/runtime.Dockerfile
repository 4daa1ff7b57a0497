# pipewright/runtime:1 for machines that can reach Docker Hub and Debian's archive. It matches what
# scripts/build-images.sh builds without any registry (debootstrap + docker import): Debian bookworm,
# Debian's python3 with pandas, scikit-learn, scipy and numpy, and our component code on PYTHONPATH.
#
# Build from the repository root, with resources/ as the context (the repo root would send node_modules):
#   docker build -f docker/runtime.Dockerfile -t pipewright/runtime:1 resources
FROM debian:bookworm-slim

# Debian's packages rather than pip wheels: the same versions as the registry-free build and the
# process executor's system python, so a node gives the same result whichever way it runs.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 python3-pandas python3-sklearn python3-scipy python3-numpy \
 && rm -rf /var/lib/apt/lists/*

COPY python /opt/pipewright/python
ENV PYTHONPATH=/opt/pipewright/python PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 LANG=C.UTF-8
CMD ["python3"]
