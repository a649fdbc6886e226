/* The Hookline page: draws each event's chain (dagre lays it out, cytoscape draws it) and posts the
 * operator actions with the session's token. Reads only the JSON data block the page embeds. */
(function () {
  'use strict';
  var root = document.getElementById('hookline');
  var dataBlock = document.getElementById('hl-data');
  if (!root || !dataBlock) { return; }
  var data = JSON.parse(dataBlock.textContent);
  window.hooklineGraphs = {};

  function layout(graph) {
    var g = new dagre.graphlib.Graph();
    g.setGraph({ rankdir: 'LR', nodesep: 30, ranksep: 70, marginx: 20, marginy: 20 });
    g.setDefaultEdgeLabel(function () { return {}; });
    graph.nodes.forEach(function (n) { g.setNode(n.id, { width: width(n), height: 44 }); });
    graph.edges.forEach(function (e) { g.setEdge(e.source, e.target); });
    dagre.layout(g);
    var positions = {};
    g.nodes().forEach(function (id) { var n = g.node(id); positions[id] = { x: n.x, y: n.y }; });
    return { positions: positions, height: g.graph().height || 120 };
  }

  // fixed sizes: cytoscape 3.33 measured width: 'label' as 0 for some nodes and hid them
  function width(n) { return Math.max(120, (n.id.length + 4) * 7.5 + 20); }

  function label(n) {
    var prefix = n.position > 0 ? n.position + '. ' : '';
    var suffix = n.external ? '\n(' + (n.missing ? 'missing' : n.event) + ')' : '\n' + n.status.toLowerCase()
      + (n.critical ? ' \u00b7 critical' : '') + (n.halting ? ' \u00b7 halts' : '');
    return prefix + n.id + suffix;
  }

  document.querySelectorAll('.hl-graph').forEach(function (container) {
    var event = container.getAttribute('data-event');
    var graph = data.graphs.filter(function (g) { return g.event === event; })[0];
    if (!graph) { return; }
    var laid = layout(graph);
    container.style.height = Math.max(140, laid.height + 20) + 'px';
    var elements = graph.nodes.map(function (n) {
      var d = Object.assign({}, n, { label: label(n), w: width(n) });
      return { group: 'nodes', data: d, position: laid.positions[n.id],
        classes: [n.critical ? 'critical' : '', n.external ? 'external' : '', n.halting ? 'halting' : '',
          n.haltedRecently ? 'halted-recently' : ''].join(' ').trim() };
    }).concat(graph.edges.map(function (e) {
      return { group: 'edges', data: e, classes: e.cross ? 'cross' : '' };
    }));
    var cy = cytoscape({
      container: container, elements: elements, layout: { name: 'preset' },
      userZoomingEnabled: false, maxZoom: 1.3, boxSelectionEnabled: false, autoungrabify: true,
      style: [
        { selector: 'node', style: { shape: 'round-rectangle', width: 'data(w)', height: 44,
          'background-color': 'data(color)', label: 'data(label)', color: '#fff', 'font-size': 12,
          'text-wrap': 'wrap', 'text-valign': 'center', 'text-halign': 'center', 'border-width': 1, 'border-color': '#333' } },
        { selector: 'node[status = "HELD"], node[status = "MISSING"]', style: { color: '#000' } },
        { selector: 'node.external', style: { 'border-style': 'dashed', 'border-width': 2 } },
        { selector: 'node.critical', style: { 'border-style': 'double', 'border-width': 6, 'border-color': '#b71c1c' } },
        { selector: 'node.halting', style: { shape: 'octagon', height: 54 } },
        { selector: 'node.halted-recently', style: {
          'underlay-color': '#1565c0', 'underlay-opacity': 0.35, 'underlay-padding': 6, 'underlay-shape': 'round-rectangle' } },
        { selector: 'edge', style: { width: 2, 'curve-style': 'bezier', 'target-arrow-shape': 'triangle',
          'line-color': '#555', 'target-arrow-color': '#555' } },
        { selector: 'edge.cross', style: { 'line-style': 'dashed' } }
      ]
    });
    cy.fit(undefined, 15);
    cy.on('tap', 'node', function (evt) {
      var row = document.querySelector('#hl-plugins tr[data-plugin="' + CSS.escape(evt.target.id()) + '"]');
      if (row) { row.scrollIntoView({ block: 'center' }); row.classList.add('hl-focus'); }
    });
    window.hooklineGraphs[event] = cy;
    container.setAttribute('data-ready', 'true');
  });

  var message = document.getElementById('hl-message');
  var token = root.getAttribute('data-token');
  // against the origin, not the document's URL: a page opened as http://user:pw@host/... would
  // make a relative URL carry the credentials, which fetch refuses
  var action = window.location.origin + root.getAttribute('data-action');
  document.querySelectorAll('button.hl-action').forEach(function (button) {
    button.addEventListener('click', function () {
      var body = new URLSearchParams();
      body.set('verb', button.getAttribute('data-verb'));
      if (button.hasAttribute('data-plugin')) { body.set('plugin', button.getAttribute('data-plugin')); }
      if (button.hasAttribute('data-app')) {
        if (!window.confirm('Uninstall ' + button.getAttribute('data-app') + '?')) { return; }
        body.set('app', button.getAttribute('data-app'));
      }
      fetch(action, { method: 'POST', credentials: 'same-origin', body: body,
        headers: { 'X-Hookline-Token': token } })
        .then(function (r) { return r.json(); })
        .then(function (reply) {
          message.textContent = reply.message;
          message.className = reply.ok ? 'hl-ok' : 'hl-error';
          if (reply.ok) { window.location.reload(); }
        })
        .catch(function (e) { message.textContent = String(e); message.className = 'hl-error'; });
    });
  });
})();
