package dev.cacheaside.cache;

import java.util.ArrayList;
import java.util.List;

import io.quarkus.logging.Log;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

/**
 * Runs {@link LuaScript}s by SHA. When Redis answers {@code NOSCRIPT} (it restarted, failed over, or
 * someone ran {@code SCRIPT FLUSH}) the call is retried once with {@code EVAL} and the full source,
 * which runs the script and puts it back in the script cache of the very node that owns the key, a
 * reload that stays correct on a cluster where {@code SCRIPT LOAD} would reach only one node.
 */
final class ScriptRunner {

    private final ReactiveRedisDataSource redis;

    ScriptRunner(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    /** Loads every script with {@code SCRIPT LOAD}, so the first calls need no fallback. */
    Uni<Void> loadAll() {
        List<Uni<Response>> loads = new ArrayList<>();
        for (LuaScript script : LuaScript.values()) {
            loads.add(redis.execute("SCRIPT", "LOAD", script.source()));
        }
        return Uni.join().all(loads).andFailFast().replaceWithVoid();
    }

    /** Whether Redis holds every script, as {@code SCRIPT EXISTS} tells. */
    Uni<Boolean> allLoaded() {
        LuaScript[] scripts = LuaScript.values();
        String[] args = new String[scripts.length + 1];
        args[0] = "EXISTS";
        for (int i = 0; i < scripts.length; i++) {
            args[i + 1] = scripts[i].sha();
        }
        return redis.execute("SCRIPT", args).map(response -> {
            for (Response exists : response) {
                if (exists.toInteger() != 1) {
                    return false;
                }
            }
            return true;
        });
    }

    Uni<Response> run(LuaScript script, List<String> keys, String... args) {
        return redis.execute("EVALSHA", command(script.sha(), keys, args))
                .onFailure(ScriptRunner::isNoScript).recoverWithUni(failure -> {
                    Log.infof("Redis lost script %s (%s); running it from source", script, script.sha());
                    return redis.execute("EVAL", command(script.source(), keys, args));
                });
    }

    private static String[] command(String scriptOrSha, List<String> keys, String... args) {
        String[] command = new String[2 + keys.size() + args.length];
        command[0] = scriptOrSha;
        command[1] = Integer.toString(keys.size());
        int i = 2;
        for (String key : keys) {
            command[i++] = key;
        }
        for (String arg : args) {
            command[i++] = arg;
        }
        return command;
    }

    private static boolean isNoScript(Throwable failure) {
        String message = failure.getMessage();
        return message != null && message.startsWith("NOSCRIPT");
    }
}
