# ExplainHub on Debian 12 with the .NET 10 SDK: the same install script as ./run.sh, then the app.
FROM debian:12 AS app
ARG TORCH_BACKEND=cpu
ENV DEBIAN_FRONTEND=noninteractive DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates wget sudo \
 && wget -q https://packages.microsoft.com/config/debian/12/packages-microsoft-prod.deb \
 && dpkg -i packages-microsoft-prod.deb && rm packages-microsoft-prod.deb \
 && apt-get update && apt-get install -y --no-install-recommends dotnet-sdk-10.0 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN scripts/install-deps.sh && rm -rf /var/lib/apt/lists/* \
 && dotnet build Server/ExplainHub.Server.csproj -c Release -p:ExplainHubTorchBackend=${TORCH_BACKEND}
ENV PORT=5080 ASPNETCORE_URLS=http://0.0.0.0:5080 Engine__DataDirectory=/data
VOLUME /data
EXPOSE 5080
CMD ["dotnet", "run", "--project", "Server/ExplainHub.Server.csproj", "-c", "Release", "--no-build", "--no-launch-profile"]
