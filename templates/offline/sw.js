/* Issue 20: the Outreach service worker (hand-written: no bundler, one small file, every
   rule below readable in one place). Rendered by outreach/views/offline.py. */
"use strict";
{% autoescape off %}
var VERSION = "{{ version }}";
var ASSETS = {{ assets_json }};
importScripts("{{ core_url }}");
{% endautoescape %}
var STATIC_CACHE = "outreach-static-" + VERSION;
var PAGES_CACHE = "outreach-pages-" + VERSION;
var PAGES_PREFIX = "outreach-pages-";

// The field pages a person needs on the street; only these are kept for offline use.
var FIELD_PAGES = [
  /^\/$/,
  /^\/home\/field\/$/,
  /^\/attendance\/checkin\/$/,
  /^\/crm\/leads\/register\/$/,
  /^\/campaigns\/daily\/$/,
  /^\/campaigns\/library\/$/,
  /^\/campaigns\/library\/\d+\/$/,
  /^\/campaigns\/materials\/$/
];

function isFieldPage(url) {
  return url.origin === self.location.origin &&
    FIELD_PAGES.some(function (re) { return re.test(url.pathname); });
}

function pageKey(url) { return url.origin + url.pathname; }

// A page that ended on the login page (session over) is not the page: never keep it.
function keepable(response) {
  if (!response || response.status !== 200 || response.type !== "basic") { return false; }
  return new URL(response.url).pathname.indexOf("/accounts/login/") !== 0;
}

// A followed redirect cannot answer a navigation: keep a plain copy of the body.
function plain(response) {
  return response.blob().then(function (body) {
    return new Response(body, { status: 200, headers: response.headers });
  });
}

function storePage(url, response) {
  if (!keepable(response)) { return Promise.resolve(); }
  return Promise.all([caches.open(PAGES_CACHE), plain(response)]).then(function (r) {
    return r[0].put(pageKey(url), r[1]);
  });
}

function warm(urls, force) {
  return caches.open(PAGES_CACHE).then(function (cache) {
    return Promise.all(urls.map(function (href) {
      var url = new URL(href, self.location.origin);
      if (!isFieldPage(url)) { return null; }
      return cache.match(pageKey(url)).then(function (hit) {
        if (hit && !force) { return null; }
        return fetch(url.href, { credentials: "same-origin" })
          .then(function (response) { return storePage(url, response); })
          .catch(function () { return null; });
      });
    }));
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC_CACHE).then(function (cache) {
    return cache.addAll(ASSETS);
  }).then(function () { return self.skipWaiting(); }));
});

// A new version: the pages kept by the old one are fetched again (their HTML names the
// new assets), then every old cache is dropped.
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    var old = keys.filter(function (k) {
      return k.indexOf("outreach-") === 0 && k !== STATIC_CACHE && k !== PAGES_CACHE;
    });
    var oldPages = old.filter(function (k) { return k.indexOf(PAGES_PREFIX) === 0; });
    return Promise.all(oldPages.map(function (name) {
      return caches.open(name).then(function (c) { return c.keys(); });
    })).then(function (lists) {
      var urls = [].concat.apply([], lists).map(function (r) { return r.url; });
      return warm(urls, false);
    }).then(function () {
      return Promise.all(old.map(function (k) { return caches.delete(k); }));
    });
  }).then(function () { return self.clients.claim(); }));
});

function offlinePage(url) {
  return caches.open(PAGES_CACHE).then(function (cache) {
    return cache.match(pageKey(url)).then(function (hit) {
      return hit || cache.match(self.location.origin + "/");
    });
  }).then(function (hit) {
    return hit || new Response("Offline · 离线", {
      status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" }
    });
  });
}

// Production's names carry their content's hash (and the listed assets are the worker's
// version): those never change, so the cache answers first. Any other static file (an
// unhashed name in development) is asked for first and kept for offline use.
function hashed(url) {
  return /\.[0-9a-f]{12}\.[a-z0-9]+$/.test(url.pathname) || ASSETS.indexOf(url.pathname) >= 0;
}

function keep(request, response) {
  if (response.ok) {
    var copy = response.clone();
    caches.open(STATIC_CACHE).then(function (c) { return c.put(request, copy); });
  }
  return response;
}

function cacheFirst(request) {
  return caches.match(request).then(function (hit) {
    return hit || fetch(request).then(function (response) { return keep(request, response); });
  });
}

function networkFirst(request) {
  return fetch(request).then(function (response) { return keep(request, response); },
    function () {
      return caches.match(request).then(function (hit) { return hit || Response.error(); });
    });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }  // submissions go through the page's queue
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(hashed(url) ? cacheFirst(request) : networkFirst(request));
    return;
  }
  if (request.mode === "navigate" && isFieldPage(url)) {
    // Network first (the freshest page and a live session), the kept copy offline.
    event.respondWith(fetch(request).then(function (response) {
      event.waitUntil(storePage(url, response.clone()));
      return response;
    }).catch(function () { return offlinePage(url); }));
  }
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (data.type === "warm") {
    event.waitUntil(warm(data.urls || [], false));
  } else if (data.type === "forget-pages") {
    event.waitUntil(caches.delete(PAGES_CACHE));
  } else if (data.type === "flush") {
    event.waitUntil(replay());
  }
});

// Background Sync: the browser may wake the worker with no page open; the worker then
// sends the queue itself. The page sends it too (load, "online"); the Web Lock in
// OutreachQueue.flush serialises the two, and the key makes a double send harmless.
function replay() {
  return self.OutreachQueue.flush().then(function (result) {
    return self.clients.matchAll({ type: "window" }).then(function (windows) {
      windows.forEach(function (w) { w.postMessage({ type: "queue-changed" }); });
      // Still offline: fail, so the browser fires the sync again later.
      if (result && result.offline) { throw new Error("offline"); }
    });
  });
}

self.addEventListener("sync", function (event) {
  if (event.tag === self.OutreachQueue.SYNC_TAG) { event.waitUntil(replay()); }
});
