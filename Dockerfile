# The checkout-saga app image. One image serves every role; the command picks it:
#   npm run api (default) | npm run worker | npm run migrate
# TypeScript runs through tsx (a runtime dependency), so there is no build step.
FROM node:20-bookworm-slim

ENV NODE_ENV=production \
    NPM_CONFIG_UPDATE_NOTIFIER=false

WORKDIR /app

# Dependencies first, so a source change does not reinstall them. `npm install` rather than `npm ci`:
# npm 11 can reject this lockfile over optional platform packages. Dev dependencies (test, lint) are left out.
COPY package.json package-lock.json .npmrc ./
RUN npm install --omit=dev --no-audit --no-fund \
    && npm cache clean --force

COPY . .

# DATA_DIR (default ./data) is the only place the app may write; run as the image's unprivileged user.
RUN mkdir -p data && chown node:node data
USER node

EXPOSE 3000
CMD ["npm", "run", "api"]
