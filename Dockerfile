# The dashboard in a container: the same set-up as the README (scripts/start.sh), run as a
# non-root user, with Streamlit's own health endpoint as the health check.
# Any base with Python 3.11 (python3, its venv module) and useradd: scripts/build_image.sh passes one
# made by debootstrap from Debian's packages where no image registry is reachable.
ARG BASE_IMAGE=python:3.11-slim
FROM ${BASE_IMAGE}

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false
RUN groupadd --gid 10001 app && useradd --create-home --uid 10001 --gid app app
WORKDIR /app
RUN chown app:app /app
# Numeric, so the host and Kubernetes' runAsNonRoot can tell it is not root.
USER 10001:10001

# Dependencies first, so a code change does not reinstall them.
COPY --chown=app:app requirements.txt ./
COPY --chown=app:app scripts/start.sh ./scripts/
RUN bash scripts/start.sh --setup-only
COPY --chown=app:app . .
# The interface's translations (.mo files are built, never committed).
RUN bash scripts/catalogues.sh

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
    CMD ["python3", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status != 200)"]
CMD ["bash", "scripts/start.sh", "--server.port=8501", "--server.address=0.0.0.0", "--server.headless=true"]
