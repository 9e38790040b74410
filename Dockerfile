# JupyterLab with the Java kernel and the notebooks, with warm caches (Maven artifacts, DJL's PyTorch
# natives, the offline data), so that the notebooks run offline in the container. Thin on purpose:
# the OS packages a fresh machine needs, a JDK 25 from a JDK image, then environment/setup.sh, the
# same setup that environment/start.sh runs on a laptop.
#
#   docker build -t java-ml-notebooks .                                   GPU (CUDA 12.8) with CPU fallback
#   docker build -t java-ml-notebooks:cpu --build-arg BASE_IMAGE=debian:bookworm-slim \
#                --build-arg PYTORCH_FLAVOR=cpu .                         CPU only
#   docker run --gpus all -p 8888:8888 java-ml-notebooks                  (leave out --gpus on a CPU machine)
#
# Proxy: --build-arg HTTPS_PROXY=... (and HTTP_PROXY, NO_PROXY) at build time, -e HTTPS_PROXY=... at
# run time. They are deliberately not declared as ARGs here: Docker passes these predefined
# build arguments to RUN steps without recording them in the image or its history.
# README.md, section "Docker", has the details; environment/image-test.sh builds and tests this
# file with buildah where no Docker engine runs.

# A CUDA image by default: its libcudart lets DJL count the GPUs, and the NVIDIA container toolkit
# reads its NVIDIA_* settings. Any Debian or Ubuntu image works for a CPU-only build.
ARG BASE_IMAGE=nvidia/cuda:12.8.1-runtime-ubuntu24.04
# Only /opt/java/openjdk is taken from it (the layout of the Eclipse Temurin images).
ARG JDK_IMAGE=eclipse-temurin:25-jdk

FROM ${JDK_IMAGE} AS jdk

FROM ${BASE_IMAGE}
# pip: JupyterLab from the Python package index, into /opt/jupyter.
# debian: Debian's packages (the classic Notebook), for builds that reach no Python package index.
ARG JUPYTER_FROM=pip
# cu128: also fetch DJL's CUDA 12.8 build of PyTorch 2.7.1 (not on Maven Central; DJL downloads it
# from its own site, a few GB). cpu: skip it; the CPU build from Maven Central is always there.
ARG PYTORCH_FLAVOR=cu128
ARG NB_USER=jovyan
ARG NB_UID=1000
# Behind a TLS-inspecting proxy: its CA certificate(s), PEM text, trusted by apt, pip, npm and Java:
# --build-arg EXTRA_CA_CERTS="$(cat corporate-ca.pem)". Certificates are public; nothing secret.
ARG EXTRA_CA_CERTS=

ENV JAVA_HOME=/opt/java/openjdk \
    PATH=/opt/java/openjdk/bin:/opt/jupyter/bin:$PATH \
    LANG=C.UTF-8 \
    MLJAVA_JUPYTER_IP=0.0.0.0 \
    MLJAVA_JUPYTER_PORT=8888 \
    MLJAVA_JUPYTER_FROM=${JUPYTER_FROM} \
    MLJAVA_JUPYTER_VENV=/opt/jupyter \
    MLJAVA_PYTORCH_FLAVOR=${PYTORCH_FLAVOR} \
    NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt \
    PIP_CERT=/etc/ssl/certs/ca-certificates.crt

# As root: the OS packages the setup expects (Maven, Python, npm, tini) and the notebook user.
COPY environment/docker/system-packages.sh environment/docker/extra-ca.sh environment/proxy-variables.sh /usr/local/lib/mljava/
RUN /usr/local/lib/mljava/system-packages.sh "${NB_USER}" "${NB_UID}"

COPY --from=jdk /opt/java/openjdk /opt/java/openjdk

WORKDIR /home/${NB_USER}/java-ml-notebooks

# As root: the setup's system-wide part (Jupyter, fonts), cached apart from the project's sources.
COPY --chown=${NB_UID}:${NB_UID} pom.xml ./
COPY --chown=${NB_UID}:${NB_UID} environment/ environment/
RUN chown "${NB_UID}:${NB_UID}" . \
 && environment/docker/extra-ca.sh java \
 && environment/setup.sh --system \
 && ln -s "$PWD/environment/docker/entrypoint.sh" /usr/local/bin/mljava-start \
 && ln -s "$PWD/environment/docker/healthcheck.sh" /usr/local/bin/mljava-healthcheck

# As the notebook user: the whole setup (build, kernel, ~/.m2, DJL natives, offline data).
COPY --chown=${NB_UID}:${NB_UID} . .
USER ${NB_USER}
RUN environment/setup.sh \
 && rm -rf "$HOME/.npm/_cacache"

# Jupyter's root: the notebooks. A volume, so that a learner's edits outlive the container
# (docker run -v mljava-notebooks:/home/jovyan/java-ml-notebooks/notebooks ...).
VOLUME /home/${NB_USER}/java-ml-notebooks/notebooks
EXPOSE 8888
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 CMD ["mljava-healthcheck"]
ENTRYPOINT ["/usr/bin/tini", "--", "mljava-start"]
CMD ["--skip-data"]
