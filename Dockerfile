# The dashboard in a container: the same set-up as the README (scripts/start.sh), run as a
# non-root user, with Streamlit's own health endpoint as the health check.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false
RUN useradd --create-home --uid 10001 app
WORKDIR /app
RUN chown app:app /app
USER app

# Dependencies first, so a code change does not reinstall them.
COPY --chown=app:app requirements.txt ./
COPY --chown=app:app scripts/start.sh ./scripts/
RUN bash scripts/start.sh --setup-only
COPY --chown=app:app . .
# The interface's translations (.mo files are built, never committed).
RUN bash scripts/catalogues.sh

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
    CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status != 200)"
CMD ["bash", "scripts/start.sh", "--server.port=8501", "--server.address=0.0.0.0", "--server.headless=true"]
