package app.herald.tracking;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A size-capped map for values that never change once written (a message's campaign, a campaign's
 * link URL). Reads take no lock; when full, an arbitrary tenth is evicted. Which entries go hardly
 * matters: a miss costs one indexed query, and LRU bookkeeping would put a write on every read.
 */
final class BoundedCache<K, V> {
    private final int capacity;
    private final Map<K, V> map = new ConcurrentHashMap<>();

    BoundedCache(int capacity) {
        if (capacity < 10) {
            throw new IllegalArgumentException("cache capacity must be at least 10: " + capacity);
        }
        this.capacity = capacity;
    }

    V get(K key) {
        return map.get(key);
    }

    void put(K key, V value) {
        if (map.size() >= capacity) {
            evictTenth();
        }
        map.put(key, value);
    }

    void remove(K key) {
        map.remove(key);
    }

    int size() {
        return map.size();
    }

    private void evictTenth() {
        int toEvict = Math.max(1, capacity / 10);
        Iterator<K> it = map.keySet().iterator();
        while (toEvict-- > 0 && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
