import type { PayloadCodec } from '@temporalio/common';
import type { AppConfig } from '../config';
import type { CodecServerOptions } from './codec-server';

/** Where the codec server is mounted on the API. */
export const CODEC_PATH = '/codec';

/**
 * The codec server's addresses as a browser reaches them. Both use the host name `localhost`, as the dev
 * server's UI does, so that the UI and the API are the same site and the login cookie goes along.
 */
export function codecPlaces(config: Pick<AppConfig, 'api' | 'temporal'>): {
  endpoint: string;
  loginUrl: string;
  uiUrl: string;
  uiOrigin: string;
} {
  const endpoint = `http://localhost:${config.api.port}${CODEC_PATH}`;
  const uiUrl = config.temporal.uiUrl ?? `http://localhost:${config.temporal.uiPort}`;
  return { endpoint, loginUrl: `${endpoint}/login`, uiUrl, uiOrigin: new URL(uiUrl).origin };
}

/** The codec server's options for this configuration, given the data converter's codec. */
export function codecServerOptions(
  config: Pick<AppConfig, 'api' | 'temporal'>,
  codec: PayloadCodec,
): Omit<CodecServerOptions, 'verifier'> {
  const { endpoint, uiUrl, uiOrigin } = codecPlaces(config);
  return { codec, namespace: config.temporal.namespace, uiOrigins: [uiOrigin], endpoint, uiUrl };
}
