/**
 * How a room's messages reach subscribers on other server instances. One process needs nothing
 * (`localBus`); several share rooms through Redis pub/sub (`server/redis.ts`).
 */

/** Fans a room's frames out to the other instances that have subscribers in it. */
export interface RoomBus {
	/** This instance has its first subscriber in `topic`: start hearing the others' frames. */
	join(topic: string): void;
	/** This instance's last subscriber in `topic` left. */
	leave(topic: string): void;
	/** A frame published here, for the other instances' subscribers (ours are served directly). */
	publish(topic: string, frame: string): void;
	/** Where frames published on other instances are handed in. */
	onFrame(deliver: (topic: string, frame: string) => void): void;
	/** Whether the bus can carry frames now (for /healthz). */
	healthy(): boolean;
	close(): Promise<void>;
}

/** The bus of a single instance: every subscriber is local, so there is nothing to carry. */
export const localBus: RoomBus = {
	join() {},
	leave() {},
	publish() {},
	onFrame() {},
	healthy: () => true,
	close: async () => {}
};
