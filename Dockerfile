# Build a static psabridge and run it as a non-root user on a distroless
# base. Build: docker build -t psabridge . (written for Docker BuildKit; not
# run in the project's CI, which has no Docker).
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/psabridge ./cmd/psabridge

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/psabridge /usr/local/bin/psabridge
# The embedded database and key file live here unless PSABRIDGE_DATABASE_URL
# is set; mount a volume.
ENV PSABRIDGE_DATA=/data PSABRIDGE_LISTEN=0.0.0.0:8080 PSABRIDGE_LOG_FORMAT=json
VOLUME ["/data"]
USER nonroot:nonroot
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/psabridge"]
CMD ["serve"]
