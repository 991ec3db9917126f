# One image for every Skywater process: `server`, `workers` (scale these) or `all`, and the
# commands `migrate` and `user` (docker-compose.yml). Two stages: the build stage compiles the
# processes to JavaScript (server/bin/build.mjs) and builds the web app with every dev
# dependency; the runtime stage has only the runtime dependencies (`npm ci --omit=dev`), the
# compiled output, the migrations and the sample boundaries the basemap serves. No TypeScript,
# no tsx at run time.
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
COPY core/package.json core/
COPY workers/package.json workers/
COPY server/package.json server/
COPY web/package.json web/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:20-bookworm-slim AS runtime
# Chromium prints the PDF bulletins (server/src/reports/bulletin-pdf.ts expects /usr/bin/chromium);
# fonts-noto-cjk gives it the Chinese glyphs, without which every character prints as a box;
# tini reaps the Chromium processes a bulletin leaves and forwards SIGTERM to node.
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium fonts-noto-cjk tini ca-certificates \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The AWS SDK warns on Node 20 that its releases after early 2027 will need Node 22; the lock file
# keeps one that supports Node 20, which is what CI runs, so the multi-line notice is left out of the logs.
ENV NODE_ENV=production DATA_DIR=/data AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
COPY package.json package-lock.json ./
COPY core/package.json core/
COPY workers/package.json workers/
COPY server/package.json server/
COPY web/package.json web/
# The web app's packages are bundled into web/dist by Vite: only the processes' are installed.
RUN npm ci --omit=dev --no-audit --no-fund -w core -w server -w workers && npm cache clean --force
COPY --from=build /src/dist dist
COPY --from=build /src/web/dist web/dist
COPY sql sql
COPY samples/data samples/data
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8080
ENTRYPOINT ["tini", "--", "node", "--enable-source-maps", "dist/server/src/main.js"]
CMD ["server"]
