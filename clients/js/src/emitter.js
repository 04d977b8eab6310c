/** A small event emitter: `on` returns the function that removes the listener. */
export class Emitter {
  #listeners = new Map();

  on(event, listener) {
    if (!this.#listeners.has(event)) this.#listeners.set(event, new Set());
    this.#listeners.get(event).add(listener);
    return () => this.#listeners.get(event)?.delete(listener);
  }

  emit(event, value) {
    for (const listener of [...(this.#listeners.get(event) || [])]) {
      try {
        listener(value);
      } catch (e) {
        // A listener's bug must not break the connection's bookkeeping.
        setTimeout(() => {
          throw e;
        });
      }
    }
  }
}
