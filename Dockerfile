# A container image of dra: `docker build -t dra .` then
#   docker run -p 8080:8080 -v dra-data:/var/lib/dra -e DRA_BASE_URL=https://dra.example.org dra
# Build stage: the release binary (libpq for PostgreSQL; SQLite is built in).
FROM rust:1.95-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev pkg-config && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --release --locked --bin dra

# Run stage: the binary, libpq, certificates; an unprivileged user; the data in a volume.
FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/dra --create-home dra
COPY --from=build /src/target/release/dra /usr/local/bin/dra
USER dra
WORKDIR /var/lib/dra
ENV DRA_DATA_DIR=/var/lib/dra DRA_BIND=0.0.0.0:8080
VOLUME ["/var/lib/dra"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/dra"]
CMD ["serve"]
