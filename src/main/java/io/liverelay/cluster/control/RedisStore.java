package io.liverelay.cluster.control;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.liverelay.cluster.entity.ClusterStream;
import io.liverelay.cluster.entity.ClusterView;
import io.liverelay.cluster.entity.StopRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The cluster in Redis (Lettuce). Each node keeps, with the expiry as their time to live, a liveness key and its
 * streams as one JSON value, and names itself in a set; a node that stops beating drops out of every reader's
 * view, and its slots with it, when its keys expire. Slots are counted per node in one hash; taking one is a
 * script that sums the live nodes' counts, so two nodes never both take the last one. Each change is one script
 * or one command: a shared connection carries no transaction.
 */
final class RedisStore implements ClusterStore {

    private static final String NODES = "relay:nodes";
    private static final String SLOTS = "relay:slots";
    private static final String ALIVE = "relay:node:";
    private static final String STREAMS = "relay:streams:";
    private static final String STOPS = "relay:stop:";

    private static final String BEAT = """
            redis.call('SET', KEYS[1], '1', 'PX', ARGV[2])
            redis.call('SET', KEYS[2], ARGV[3], 'PX', ARGV[2])
            redis.call('SADD', KEYS[3], ARGV[1])
            if ARGV[5] == '1' then
              redis.call('HSET', KEYS[4], ARGV[1], ARGV[4])
            else
              redis.call('HSETNX', KEYS[4], ARGV[1], ARGV[4])
            end
            local stops = redis.call('LRANGE', KEYS[5], 0, -1)
            redis.call('DEL', KEYS[5])
            return stops""";
    private static final String VIEW = """
            local out = {}
            for _, n in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              local s = redis.call('GET', ARGV[1] .. n)
              if s then
                table.insert(out, n)
                table.insert(out, s)
              else
                redis.call('SREM', KEYS[1], n)
                redis.call('HDEL', KEYS[2], n)
              end
            end
            return out""";
    private static final String TAKE = """
            local total = 0
            local counts = redis.call('HGETALL', KEYS[1])
            for i = 1, #counts, 2 do
              if counts[i] == ARGV[1] or redis.call('EXISTS', ARGV[3] .. counts[i]) == 1 then
                total = total + tonumber(counts[i + 1])
              else
                redis.call('HDEL', KEYS[1], counts[i])
              end
            end
            local max = tonumber(ARGV[2])
            if max > 0 and total >= max then
              return 0
            end
            redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
            return 1""";
    private static final String RELEASE = """
            if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) < 0 then
              redis.call('HSET', KEYS[1], ARGV[1], 0)
            end
            return 1""";

    private final ClusterSettings settings;
    private final ClientResources resources;
    private final RedisClient client;
    private volatile StatefulRedisConnection<String, String> connection;

    RedisStore(ClusterSettings settings, ThreadFactory threads) {
        this.settings = settings;
        RedisURI uri = RedisURI.create(settings.redisUrl().orElseThrow());
        uri.setTimeout(settings.timeout());
        resources = DefaultClientResources.builder().threadFactoryProvider(pool -> threads)
                .ioThreadPoolSize(2).computationThreadPoolSize(2).build();
        client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder().autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(settings.timeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(settings.timeout())).build());
    }

    /** A node that starts is alive and holds no slot, whatever a node of the same name held before. */
    void join() {
        call(redis -> {
            redis.hset(SLOTS, settings.nodeName(), "0");
            return redis.psetex(ALIVE + settings.nodeName(), settings.expiry().toMillis(), "1");
        });
    }

    @Override
    public List<StopRequest> beat(List<ClusterStream> streams, int slotsTaken, boolean resync) {
        String node = settings.nodeName();
        List<Object> stops = call(redis -> redis.eval(BEAT, ScriptOutputType.MULTI,
                new String[] {ALIVE + node, STREAMS + node, NODES, SLOTS, STOPS + node},
                node, Long.toString(settings.expiry().toMillis()), StreamsJson.write(streams),
                Integer.toString(slotsTaken), resync ? "1" : "0"));
        return stops.stream().map(Object::toString).map(StopsText::read).flatMap(Optional::stream).toList();
    }

    @Override
    public ClusterView view() {
        List<Object> flat = call(redis -> redis.eval(VIEW, ScriptOutputType.MULTI, new String[] {NODES, SLOTS},
                STREAMS));
        List<String> nodes = new ArrayList<>();
        List<ClusterStream> streams = new ArrayList<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            nodes.add(flat.get(i).toString());
            streams.addAll(StreamsJson.read(flat.get(i + 1).toString()));
        }
        nodes.sort(null);
        return new ClusterView(nodes, streams, false, Instant.now());
    }

    @Override
    public boolean takeSlot(int max) {
        Long taken = call(redis -> redis.eval(TAKE, ScriptOutputType.INTEGER, new String[] {SLOTS},
                settings.nodeName(), Integer.toString(max), ALIVE));
        return taken != null && taken == 1;
    }

    @Override
    public void releaseSlot() {
        call(redis -> redis.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {SLOTS}, settings.nodeName()));
    }

    @Override
    public void requestStop(String node, StopRequest request) {
        call(redis -> {
            redis.rpush(STOPS + node, StopsText.write(request));
            return redis.pexpire(STOPS + node, settings.expiry().toMillis());
        });
    }

    @Override
    public boolean reachable() {
        try {
            return "PONG".equals(call(RedisCommands::ping));
        } catch (ClusterUnavailable e) {
            return false;
        }
    }

    /** Leaves the cluster at once (an undeploy), instead of after the expiry. */
    @Override
    public void close() {
        String node = settings.nodeName();
        try {
            call(redis -> redis.del(ALIVE + node, STREAMS + node, STOPS + node) + redis.hdel(SLOTS, node)
                    + redis.srem(NODES, node));
        } catch (ClusterUnavailable e) {
            // the keys expire on their own
        }
        StatefulRedisConnection<String, String> open = connection;
        if (open != null) {
            open.close();
        }
        client.shutdown(0, settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        resources.shutdown(0, settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private <T> T call(java.util.function.Function<RedisCommands<String, String>, T> command) {
        try {
            return command.apply(connected().sync());
        } catch (RedisException e) {
            throw new ClusterUnavailable("the cluster store (" + settings.redisUrlForLog() + ") did not answer: "
                    + e.getMessage(), e);
        }
    }

    // connects on first use, so that a node starts while Redis is down; Lettuce reconnects an open connection
    private StatefulRedisConnection<String, String> connected() {
        StatefulRedisConnection<String, String> open = connection;
        if (open == null) {
            synchronized (this) {
                open = connection;
                if (open == null) {
                    open = client.connect();
                    connection = open;
                }
            }
        }
        return open;
    }
}
