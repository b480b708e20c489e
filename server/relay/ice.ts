/**
 * The STUN/TURN servers this server hands to the app, so two phones on different networks
 * connect with no setting touched. With a TURN secret, each request gets short-lived
 * credentials in the TURN REST form coturn's `use-auth-secret` checks:
 * username = "<expiry unix seconds>:<user>", credential = base64(HMAC-SHA1(secret, username)).
 */
import { createHmac } from 'node:crypto';

/** What the operator configured (from KEPT_STUN_URLS, KEPT_TURN_URLS, KEPT_TURN_SECRET, KEPT_TURN_TTL_SECONDS). */
export interface IceConfig {
	stunUrls: readonly string[];
	turnUrls: readonly string[];
	turnSecret?: string;
	/** How long handed-out TURN credentials work; a day by default. */
	turnTtlSeconds: number;
}

/** One entry of RTCConfiguration.iceServers, as JSON. */
export interface IceServer {
	urls: string[];
	username?: string;
	credential?: string;
}

/** Reads the ICE configuration from the environment. */
export function iceConfigFromEnv(env: NodeJS.ProcessEnv = process.env): IceConfig {
	const list = (value: string | undefined) =>
		(value ?? '')
			.split(/[\s,]+/)
			.map((url) => url.trim())
			.filter(Boolean);
	const ttl = Number(env.KEPT_TURN_TTL_SECONDS);
	return {
		stunUrls: list(env.KEPT_STUN_URLS),
		turnUrls: list(env.KEPT_TURN_URLS),
		turnSecret: env.KEPT_TURN_SECRET || undefined,
		turnTtlSeconds: Number.isInteger(ttl) && ttl > 0 ? ttl : 86_400
	};
}

/** The ICE servers for one device now; TURN only when there is a secret to sign for it. */
export function iceServersFor(config: IceConfig, nowMs: number, user = 'kept'): IceServer[] {
	const servers: IceServer[] = [];
	if (config.stunUrls.length) servers.push({ urls: [...config.stunUrls] });
	if (config.turnUrls.length && config.turnSecret) {
		const username = `${Math.floor(nowMs / 1000) + config.turnTtlSeconds}:${user}`;
		const credential = createHmac('sha1', config.turnSecret).update(username).digest('base64');
		servers.push({ urls: [...config.turnUrls], username, credential });
	}
	return servers;
}
