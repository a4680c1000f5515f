// Live leaderboard: subscribes to the top 10 players and to the stats push on /push and
// redraws on every push. Frames carry one or more JSON objects, one per line.
(function () {
  'use strict';

  var TOP = 10;
  var statusEl = document.getElementById('status');

  function text(id, value) {
    document.getElementById(id).textContent = value;
  }

  function fillTable(id, rows, idKey) {
    var body = document.querySelector('#' + id + ' tbody');
    var html = '';
    rows.forEach(function (row) {
      html += '<tr><td>' + row.rank + '</td><td>' + row[idKey] + '</td><td class="num">' +
        row.score.toLocaleString('en-US') + '</td></tr>';
    });
    body.innerHTML = html; // numbers only: nothing to escape
  }

  function micros(value) {
    if (value === null || value === undefined) {
      return '-';
    }
    return value >= 1000 ? (value / 1000).toFixed(1) + ' ms' : value + ' \u00b5s';
  }

  function onPush(msg) {
    if (msg.push === 'top') {
      fillTable('players', msg.players, 'player');
    } else if (msg.push === 'stats') {
      text('eps', msg.eventsPerSecond.toLocaleString('en-US'));
      text('p50', micros(msg.latencyP50Micros));
      text('p99', micros(msg.latencyP99Micros));
      text('playerCount', msg.players.toLocaleString('en-US'));
      text('events', msg.events.toLocaleString('en-US'));
      fillTable('teams', msg.teams, 'team');
    } else if (msg.error) {
      console.warn('push error: ' + msg.error);
    }
  }

  // With auth on, the page is opened as /?access_token=TOKEN (a browser cannot set an
  // Authorization header on a page load or a WebSocket); the token goes on to /push the same way.
  function tokenQuery() {
    var token = new URLSearchParams(location.search).get('access_token');
    return token ? '?access_token=' + encodeURIComponent(token) : '';
  }

  function connect() {
    var scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    var ws = new WebSocket(scheme + location.host + '/push' + tokenQuery());
    ws.onopen = function () {
      statusEl.textContent = 'live';
      statusEl.className = 'live on';
      ws.send(JSON.stringify({ subscribe: 'top', limit: TOP }));
      ws.send(JSON.stringify({ subscribe: 'stats' }));
    };
    ws.onmessage = function (event) {
      event.data.split('\n').forEach(function (line) {
        if (line) {
          onPush(JSON.parse(line));
        }
      });
    };
    ws.onclose = function () {
      statusEl.textContent = 'reconnecting';
      statusEl.className = 'live';
      setTimeout(connect, 1000);
    };
  }

  connect();
}());
