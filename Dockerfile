# One image for every service; the command chooses which one runs:
#   docker build -t mutuals-platform .
#   docker run --env-file service.env mutuals-platform node dist/apps/intake/apps/intake/src/main.js
# Entry points are dist/apps/<service>/apps/<service>/src/main.js: each app's tsconfig writes to
# dist/apps/<service>, and tsc keeps the repository layout below it because the libraries are
# compiled in. docker-compose.yml and k8s/base run these paths; test/deploy checks they agree.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY libs ./libs
COPY apps ./apps
# Every project of type "application" in nest-cli.json. Files other than TypeScript under the
# sources (views, templates) are copied beside the compiled code, as nest's "assets" would.
# The build fails here if an entry point is not where compose and k8s expect it.
RUN set -eu; \
    apps=$(node -p "Object.entries(require('./nest-cli.json').projects).filter(([, p]) => p.type === 'application').map(([name]) => name).join(' ')"); \
    for app in $apps; do \
      npx --no-install nest build "$app"; \
      find "apps/$app/src" libs/*/src -type f ! -name '*.ts' -print0 | xargs -0 -r cp --parents -t "dist/apps/$app"; \
      test -f "dist/apps/$app/apps/$app/src/main.js" || { echo "no entry point for $app" >&2; exit 1; }; \
    done
RUN npm prune --omit=dev && npm cache clean --force

FROM node:20-bookworm-slim
# The heap is capped to fit the containers' memory limit (384Mi in k8s/base): left to itself, V8
# sizes it from the host's memory and lets it grow far past what a service holds before collecting.
# The benchmark starts the services with these same options.
ENV NODE_ENV=production \
    NODE_OPTIONS="--enable-source-maps --max-old-space-size=192"
WORKDIR /app
# Owned by root and read-only to the service user.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Sources too, for anything a service reads relative to the working directory (portal views).
COPY --from=build /app/apps ./apps
USER node
EXPOSE 3000 3001 3002 3003 3004
CMD ["node", "dist/apps/applications/apps/applications/src/main.js"]
