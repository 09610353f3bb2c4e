# The RoutingCluster gateway: one ASP.NET Core process that also hosts the node's Orleans silo.
#   docker build -t routingcluster-gateway .
#   docker run --rm -p 127.0.0.1:8787:8787 routingcluster-gateway          # the built-in demo config
# docker-compose.yml runs three of these as a cluster on PostgreSQL (see deploy/README.md).
#
# The image runs as the numeric user 10001 and writes nothing outside /tmp (mount a tmpfs there and
# run with a read-only root file system): the app folder is owned by root, HOME points at /tmp,
# and the runtime's diagnostics endpoint (an IPC socket and perf maps) is switched off.

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
# Set by BuildKit (amd64, arm64): the gateway is precompiled (ReadyToRun) for the image's architecture.
ARG TARGETARCH
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1
WORKDIR /src

# Restore from the project files alone, so that a source edit reuses the restored packages.
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/Directory.Build.props src/BannedSymbols.txt src/
COPY src/RoutingCluster.Core/RoutingCluster.Core.csproj src/RoutingCluster.Core/
COPY src/RoutingCluster.Storage.Postgres/RoutingCluster.Storage.Postgres.csproj src/RoutingCluster.Storage.Postgres/
COPY src/RoutingCluster.Grains/RoutingCluster.Grains.csproj src/RoutingCluster.Grains/
COPY src/RoutingCluster.ServiceDefaults/RoutingCluster.ServiceDefaults.csproj src/RoutingCluster.ServiceDefaults/
COPY src/RoutingCluster.Gateway/RoutingCluster.Gateway.csproj src/RoutingCluster.Gateway/
RUN dotnet restore src/RoutingCluster.Gateway/RoutingCluster.Gateway.csproj -a "$TARGETARCH" -p:PublishReadyToRun=true

COPY src/ src/
# ReadyToRun: the gateway and its libraries (Orleans, Npgsql, OpenTelemetry) ship precompiled, so a
# node starts in about two thirds of the time and JIT-compiles less while it warms up under load.
RUN dotnet publish src/RoutingCluster.Gateway/RoutingCluster.Gateway.csproj -c Release -o /app --no-restore \
    -a "$TARGETARCH" --self-contained false -p:PublishReadyToRun=true -p:UseAppHost=false

COPY deploy/compose/healthcheck.sh /out/rc-healthcheck
RUN chmod 0755 /out/rc-healthcheck

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime
# ASPNETCORE_HTTP_PORTS is emptied: the base image's 8080 would only be overridden by the URL below.
ENV ASPNETCORE_URLS=http://0.0.0.0:8787 \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_EnableDiagnostics=0 \
    HOME=/tmp \
    TMPDIR=/tmp
WORKDIR /app
COPY --from=build /app/ /app/
COPY --from=build /out/rc-healthcheck /usr/local/bin/rc-healthcheck
USER 10001:10001
# 8787: HTTP (client APIs, /admin, /metrics, /health/*); 11111: silo-to-silo traffic.
EXPOSE 8787 11111
ENTRYPOINT ["dotnet", "/app/RoutingCluster.Gateway.dll"]
