// The demo page's behaviour: every action calls the JSON API and shows what it answered.
// Values from the server are only ever placed with textContent, never as HTML.
(function () {
    'use strict';

    const app = document.getElementById('app');
    // the mean of the primary reads measured by the service, from /api/stats (0 until the first one)
    let primaryLatencyMs = 0;
    let lastLatencies = null;
    const $ = (id) => document.getElementById(id);
    let ttlTimer = null;

    // HTTP Basic credentials for the admin routes, kept for this tab only; X-Requested-With asks the server not to
    // send its Basic challenge, which would make the browser show its own dialog over the page's sign-in.
    const AUTH_KEY = 'cache-aside.authorization';

    function basic(user, password) {
        const bytes = new TextEncoder().encode(user + ':' + password);
        return 'Basic ' + btoa(String.fromCharCode(...bytes));
    }

    async function call(method, path, body, authorization) {
        const options = { method, headers: { 'Accept': 'application/json', 'X-Requested-With': 'fetch' } };
        const credentials = authorization || sessionStorage.getItem(AUTH_KEY);
        if (credentials) {
            options.headers['Authorization'] = credentials;
        }
        if (body !== undefined) {
            options.headers['Content-Type'] = 'application/json';
            options.body = JSON.stringify(body);
        }
        let response;
        try {
            response = await fetch(path, options);
        } catch (e) {
            // the service is down or the network is gone: say so instead of leaving the page as it was
            return { status: 0, ok: false, headers: new Headers(),
                json: { error: 'the service did not answer', detail: String(e.message || e) } };
        }
        let json = null;
        try {
            json = await response.json();
        } catch (e) {
            json = { error: 'unexpected answer', detail: 'HTTP ' + response.status };
        }
        if (response.status === 401 && !authorization) {
            json = { error: json.error, detail: 'sign in under Admin access first' };
            showAccess('Sign in to do that: ' + (sessionStorage.getItem(AUTH_KEY) ? 'the saved credentials were refused.' : 'not signed in.'), true);
        }
        return { status: response.status, ok: response.ok, headers: response.headers, json };
    }

    function describeError(json) {
        return json.detail ? json.error + ': ' + json.detail : json.error;
    }

    function selectedId() {
        return $('product').value;
    }

    // data-done counts finished actions, so that a test (or a person) can tell when an answer is shown.
    function busy(button, promise) {
        button.disabled = true;
        return promise.finally(() => {
            button.disabled = false;
            app.dataset.done = String(Number(app.dataset.done || 0) + 1);
        });
    }

    // ---- admin access -------------------------------------------------------------------------------

    function showAccess(text, isError) {
        const state = $('access-state');
        if (!state || app.dataset.adminOpen === 'true') {
            return;
        }
        state.textContent = text;
        state.classList.toggle('error', Boolean(isError));
        if (isError) {
            $('password').focus();
        }
    }

    function showSignedIn(user) {
        $('sign-out').hidden = !user;
        $('password').value = '';
        showAccess(user ? 'Signed in as ' + user + ' (role cache-admin).' : 'Not signed in: reads only.');
    }

    async function signIn() {
        const authorization = basic($('user').value, $('password').value);
        const { status, ok, json } = await call('GET', '/api/admin/access', undefined, authorization);
        if (ok) {
            sessionStorage.setItem(AUTH_KEY, authorization);
            showSignedIn(json.user);
        } else if (status === 401) {
            showAccess('Wrong user name or password.', true);
        } else if (status === 403) {
            showAccess('User ' + $('user').value + ' does not have role cache-admin.', true);
        } else {
            showAccess(describeError(json), true);
        }
    }

    function signOut() {
        sessionStorage.removeItem(AUTH_KEY);
        showSignedIn(null);
    }

    // ---- read -------------------------------------------------------------------------------------

    function showBadge(kind, text) {
        const badge = $('badge');
        badge.className = 'badge ' + kind;
        badge.textContent = text;
    }

    function showRecord(record) {
        const list = $('record');
        list.replaceChildren();
        if (!record) {
            return;
        }
        // Redis keeps no field order: show the product's fields in their natural order, any others after.
        const order = ['id', 'name', 'price_cents', 'stock'];
        const rank = (field) => (order.indexOf(field) + order.length + 1) % (order.length + 1);
        const fields = Object.entries(record).sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
        for (const [field, value] of fields) {
            const dt = document.createElement('dt');
            dt.textContent = field;
            const dd = document.createElement('dd');
            dd.textContent = value;
            list.append(dt, dd);
        }
    }

    function showLatencies(redisMs, totalMs) {
        lastLatencies = [redisMs, totalMs];
        const scale = Math.max(primaryLatencyMs, totalMs, redisMs, 1);
        const set = (name, ms) => {
            $('bar-' + name).style.width = Math.max(0.5, 100 * ms / scale) + '%';
            $('ms-' + name).textContent = ms.toFixed(ms < 10 ? 2 : 0) + ' ms';
        };
        set('redis', redisMs);
        set('total', totalMs);
        if (primaryLatencyMs > 0) {
            set('primary', primaryLatencyMs);
        }
    }

    function showTtl(ttlMs, fullMs, note) {
        clearInterval(ttlTimer);
        const label = $('ttl');
        const bar = $('ttl-bar');
        label.classList.remove('expired');
        if (ttlMs === null || ttlMs === undefined) {
            label.textContent = note || 'not cached';
            bar.style.width = '0';
            return;
        }
        const expiresAt = performance.now() + ttlMs;
        const tick = () => {
            const left = expiresAt - performance.now();
            if (left <= 0) {
                clearInterval(ttlTimer);
                label.textContent = 'expired: the next read is a miss';
                label.classList.add('expired');
                bar.style.width = '0';
                return;
            }
            label.textContent = (left / 1000).toFixed(1) + ' s left';
            bar.style.width = Math.min(100, 100 * left / fullMs) + '%';
        };
        tick();
        ttlTimer = setInterval(tick, 100);
    }

    async function read() {
        const id = selectedId();
        const started = performance.now();
        const { status, json, headers } = await call('GET', '/api/products/' + encodeURIComponent(id));
        const cacheHeader = headers.get('X-Cache');
        if (cacheHeader === 'BYPASS') {
            showBadge('bypass', 'BYPASS');
            $('outcome').textContent = 'Redis is unavailable: the primary answered, nothing was cached';
            showRecord(json.record || null);
            if (json.total_latency_ms !== undefined) {
                showLatencies(json.redis_latency_ms, json.total_latency_ms);
            }
            showTtl(null, 1, 'not cached (Redis unavailable)');
        } else if (status === 404) {
            showBadge(cacheHeader === 'HIT' ? 'negative' : 'miss', cacheHeader || 'MISS');
            $('outcome').textContent = 'not found in the primary' + (cacheHeader === 'HIT' ? ' (cached "not found")' : '');
            showRecord(null);
            showTtl(null, 1, 'not cached');
        } else if (json.error) {
            showBadge('none', 'error');
            $('outcome').textContent = describeError(json);
        } else {
            showBadge(json.hit ? 'hit' : 'miss', json.hit ? 'HIT' : 'MISS');
            $('outcome').textContent = json.outcome === 'near_hit'
                ? 'served from this instance\'s near cache, no Redis call (Redis would tell it of any change)'
                : json.hit ? 'served from Redis'
                : json.outcome === 'suppressed' ? 'another instance loaded it; this read waited for its fill'
                : 'loaded from the primary and cached';
            showRecord(json.record);
            showLatencies(json.redis_latency_ms, json.total_latency_ms);
            const full = Number(app.dataset.ttlMs) * 1.1;
            showTtl(json.ttl_remaining_ms, full, 'not cached (a write invalidated it during the load)');
        }
        $('read').dataset.lastMs = (performance.now() - started).toFixed(1);
        await refreshStats();
    }

    // ---- write ------------------------------------------------------------------------------------

    function showWriteResult(text, isError) {
        const message = $('write-result');
        message.textContent = text;
        message.classList.toggle('error', Boolean(isError));
    }

    async function updatePrimary() {
        const id = selectedId();
        const body = { field: $('field').value, value: $('value').value };
        const { ok, json } = await call('PATCH', '/api/products/' + encodeURIComponent(id), body);
        if (!ok) {
            showWriteResult(describeError(json), true);
        } else {
            showWriteResult('Primary updated: ' + json.field + ' = ' + json.value + '. '
                + (json.invalidated ? 'Cache entry deleted: the next read is a miss.'
                    : 'No cache entry was left to delete (nothing was cached, or the database\'s change notice removed it first).'));
            showTtl(null, 1, 'not cached (invalidated by the write)');
        }
        await refreshStats();
    }

    async function updateCache() {
        const id = selectedId();
        const body = { field: $('field').value, value: $('value').value };
        const { ok, json } = await call('PATCH', '/api/admin/cache/products/' + encodeURIComponent(id), body);
        if (!ok) {
            showWriteResult(describeError(json), true);
        } else {
            showWriteResult(json.updated
                ? 'Cached record updated in place (' + json.field + ' = ' + json.value + '); its TTL is unchanged. The primary still has the old value.'
                : 'Not cached: nothing was written (a partial record never appears).');
        }
        await refreshStats();
    }

    async function invalidate() {
        const id = selectedId();
        const { ok, json } = await call('DELETE', '/api/admin/cache/products/' + encodeURIComponent(id));
        if (!ok) {
            showWriteResult(describeError(json), true);
        } else {
            showWriteResult(json.deleted ? 'Cache entry for ' + json.id + ' deleted.' : 'Nothing was cached for ' + json.id + '.');
            showTtl(null, 1, 'not cached (invalidated)');
        }
        await refreshStats();
    }

    // ---- stampede ---------------------------------------------------------------------------------

    async function stampede() {
        const concurrency = Number($('concurrency').value);
        const { ok, json } = await call('POST', '/api/admin/stampede', { id: selectedId(), concurrency });
        const box = $('stampede-result');
        const message = $('stampede-message');
        if (!ok) {
            message.textContent = describeError(json);
            message.hidden = false;
            box.hidden = true;
            return;
        }
        message.hidden = true;
        box.hidden = false;
        $('stampede-primary-reads').textContent = json.primary_reads;
        $('stampede-readers').textContent = json.concurrency;
        $('stampede-elapsed').textContent = json.elapsed_ms.toFixed(1) + ' ms';
        $('stampede-coalesced').textContent = json.coalesced;
        $('stampede-suppressed').textContent = json.stampedes_suppressed;
        $('stampede-hits').textContent = json.hits;
        $('stampede-misses').textContent = json.misses;
        $('stampede-found').textContent = json.found ? 'yes' : 'no';
        const dots = $('dots');
        dots.replaceChildren(...json.readers.map((how, i) => {
            const dot = document.createElement('span');
            dot.className = 'dot ' + how;
            dot.title = 'reader ' + (i + 1) + ': ' + how.replace('_', ' ');
            return dot;
        }));
        showTtl(null, 1, 'refilled by the stampede: read again to see its TTL');
        await refreshStats();
    }

    // ---- stats ------------------------------------------------------------------------------------

    async function refreshStats() {
        const { ok, json } = await call('GET', '/api/stats');
        if (!ok) {
            return;
        }
        liveSample(json);
        for (const key of ['near_hits', 'hits', 'misses', 'negative_hits', 'coalesced', 'stampedes_suppressed', 'primary_reads_total',
            'refreshes', 'bypassed', 'breaker']) {
            $('stats-' + key).textContent = json[key];
        }
        $('stats-hit_rate_pct').textContent = json.hit_rate_pct.toFixed(1) + ' %';
        $('stats-near').textContent = json.near === 'off' ? 'off (cache.near.enabled=false)'
            : json.near + ', ' + json.near_size + (json.near_size === 1 ? ' record' : ' records');
        if (json.primary_read_latency_ms > 0) {
            primaryLatencyMs = json.primary_read_latency_ms;
            $('ms-primary').textContent = primaryLatencyMs + ' ms';
            if (lastLatencies) {
                showLatencies(...lastLatencies);
            }
        }
    }

    async function reset() {
        await call('POST', '/api/admin/stats/reset', {});
        await refreshStats();
    }

    // ---- live view ----------------------------------------------------------------------------------

    // One sample a second of /api/stats; the counters become rates. Five minutes are kept.
    const LIVE_POINTS = 300;
    const SERIES = [
        { key: 'hits', label: 'hits/s', color: '#1f8a4c' },
        { key: 'misses', label: 'misses/s', color: '#c2410c' },
        { key: 'coalesced', label: 'coalesced/s', color: '#2563eb' },
        { key: 'bypassed', label: 'bypassed/s', color: '#111827' },
    ];
    const live = { times: [], rates: SERIES.map(() => []), latency: [], last: null, chart: null };

    function liveSample(json) {
        const now = Date.now() / 1000;
        const counts = { hits: json.near_hits + json.hits + json.negative_hits, misses: json.misses, coalesced: json.coalesced,
            bypassed: json.bypassed };
        if (live.last) {
            const seconds = Math.max(0.001, now - live.last.time);
            live.times.push(now);
            // a reset moves the counters back to zero: no negative rate
            SERIES.forEach((series, i) => live.rates[i].push(
                Math.max(0, (counts[series.key] - live.last.counts[series.key]) / seconds)));
            live.latency.push(json.primary_read_latency_ms);
            if (live.times.length > LIVE_POINTS) {
                live.times.shift();
                live.rates.forEach((rates) => rates.shift());
                live.latency.shift();
            }
            drawLive();
        }
        live.last = { time: now, counts };
    }

    function drawLive() {
        const data = [live.times, ...live.rates, live.latency];
        if (!live.chart && window.uPlot) {
            const box = $('live-chart');
            live.chart = new uPlot({
                width: Math.max(300, box.clientWidth), height: 240,
                scales: { x: { time: true }, rate: {}, ms: {} },
                axes: [{}, { scale: 'rate', label: 'reads/s' }, { scale: 'ms', side: 1, label: 'primary ms', grid: { show: false } }],
                series: [{}, ...SERIES.map((s) => ({ label: s.label, stroke: s.color, scale: 'rate', width: 2 })),
                    { label: 'primary read (mean ms)', stroke: '#b4232a', scale: 'ms', dash: [6, 4] }],
            }, data, box);
        } else if (live.chart) {
            live.chart.setData(data);
        }
        const peaks = SERIES.map((s, i) => s.label + ' ' + Math.round(Math.max(0, ...live.rates[i])));
        $('live-peaks').textContent = 'Peaks in view: ' + peaks.join(', ');
        app.dataset.liveSamples = String(live.times.length);
    }

    // ---- wiring -----------------------------------------------------------------------------------

    $('read-form').addEventListener('submit', (event) => {
        event.preventDefault();
        busy($('read'), read());
    });
    $('write-form').addEventListener('submit', (event) => {
        event.preventDefault();
        busy($('update-primary'), updatePrimary());
    });
    $('update-primary').addEventListener('click', () => busy($('update-primary'), updatePrimary()));
    $('update-cache').addEventListener('click', () => busy($('update-cache'), updateCache()));
    $('invalidate').addEventListener('click', () => busy($('invalidate'), invalidate()));
    $('stampede-form').addEventListener('submit', (event) => {
        event.preventDefault();
        busy($('run-stampede'), stampede());
    });
    $('reset').addEventListener('click', () => busy($('reset'), reset()));
    if ($('sign-in-form')) {
        $('sign-in-form').addEventListener('submit', (event) => {
            event.preventDefault();
            busy($('sign-in'), signIn());
        });
        $('sign-out').addEventListener('click', signOut);
        if (sessionStorage.getItem(AUTH_KEY)) {
            // a reload keeps the tab signed in; check that the server still takes the credentials
            call('GET', '/api/admin/access').then(({ ok, json }) => ok ? showSignedIn(json.user) : null);
        }
    }
    // the write panel says which product it acts on, and what a value of the chosen field looks like
    const examples = { name: 'e.g. Rye Loaf', price_cents: 'e.g. 699 (cents)', stock: 'e.g. 12' };
    const showWriteTarget = () => {
        $('write-target').textContent = selectedId();
        $('value').placeholder = examples[$('field').value] || '';
    };
    $('product').addEventListener('change', showWriteTarget);
    $('field').addEventListener('change', showWriteTarget);
    showWriteTarget();
    refreshStats();
    // the live view samples once a second; a tab in the background does not
    setInterval(() => {
        if (!document.hidden) {
            refreshStats();
        }
    }, 1000);
})();
