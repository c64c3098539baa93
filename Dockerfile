# syntax=docker/dockerfile:1
# Multi-stage build: the SDK image restores and publishes; the ASP.NET runtime image runs it as the non-root `app` user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# Restore first, from the project files alone, so the package layer is reused while only sources change.
COPY Directory.Build.props Directory.Packages.props appsettings.json ./
COPY src/Bridge.Core/Bridge.Core.csproj src/Bridge.Core/
COPY src/Bridge.Providers/Bridge.Providers.csproj src/Bridge.Providers/
COPY src/Bridge.Host/Bridge.Host.csproj src/Bridge.Host/
# ReadyToRun: the host and its packages are compiled ahead of time for the target, so start to ready is ~1.3 s instead
# of ~2 s of JIT (bench/: "start to ready"). RID=linux-arm64 for ARM hosts.
ARG RID=linux-x64
RUN dotnet restore src/Bridge.Host/Bridge.Host.csproj -r "$RID" -p:PublishReadyToRun=true
COPY src/ src/
RUN dotnet publish src/Bridge.Host/Bridge.Host.csproj -c Release -r "$RID" --self-contained false -p:PublishReadyToRun=true -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# The embedded SQLite store lives on a volume owned by the non-root user (the image's `app`, uid $APP_UID = 1654).
# PostgreSQL instead: Storage__Provider=postgres and ConnectionStrings__Bridge (see compose.yaml).
RUN mkdir -p /app/data && chown "$APP_UID:$APP_UID" /app/data
USER $APP_UID
ENV ASPNETCORE_URLS=http://+:8080 \
    Storage__SqlitePath=/app/data/bridge.db
VOLUME ["/app/data"]
EXPOSE 8080
# No HEALTHCHECK: the runtime image has no curl/wget. Probe GET /health/ready (readiness) and /health/live (liveness)
# from the orchestrator (Kubernetes httpGet, a load balancer's health check).
# Exec form: dotnet is PID 1 and gets SIGTERM, which starts the graceful shutdown (Host:ShutdownTimeout, default 30 s;
# give the container a longer stop timeout, e.g. `docker stop -t 40` or compose `stop_grace_period: 40s`).
ENTRYPOINT ["dotnet", "Bridge.Host.dll"]
