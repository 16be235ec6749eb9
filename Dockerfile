# The AIKey team hub. It stores ciphertext, wrapped keys and public keys only. Point DATABASE_URL at
# PostgreSQL (see compose.yaml); without it the hub keeps an embedded PGlite database in /data.
# Any number of replicas may share one PostgreSQL. Put TLS in front of it (a reverse proxy).

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts
COPY tsconfig.base.json ./
COPY scripts ./scripts
COPY src/shared ./src/shared
COPY src/hub ./src/hub
RUN node -e "import('esbuild').then(({ build }) => build({ entryPoints: ['src/hub/cli.ts'], outfile: 'out/hub/aikey-hub.mjs', bundle: true, platform: 'node', format: 'esm', target: 'node22', packages: 'external' }))"

FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    AIKEY_HUB_HOST=0.0.0.0 \
    AIKEY_HUB_PORT=47822 \
    AIKEY_HUB_DATA=/data
WORKDIR /app
COPY package.json package-lock.json ./
# Only the hub's runtime needs are used; install scripts are skipped (no native wallet modules).
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/out/hub ./out/hub
COPY drizzle-hub ./drizzle-hub
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 47822
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:' + process.env.AIKEY_HUB_PORT + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
CMD ["node", "out/hub/aikey-hub.mjs", "serve"]
