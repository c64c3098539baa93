# syntax=docker/dockerfile:1
# Multi-stage build: the SDK image publishes, the ASP.NET runtime image runs it as a non-root user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props Affonso.Bridge.sln appsettings.json ./
COPY src/ src/
RUN dotnet publish src/Bridge.Host/Bridge.Host.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# The embedded SQLite store lives on a volume; PostgreSQL is configured with Storage__Provider / ConnectionStrings__Bridge.
RUN mkdir -p /app/data && chown app:app /app/data
USER app
ENV ASPNETCORE_URLS=http://+:8080 \
    Storage__SqlitePath=/app/data/bridge.db
VOLUME ["/app/data"]
EXPOSE 8080
ENTRYPOINT ["dotnet", "Bridge.Host.dll"]
