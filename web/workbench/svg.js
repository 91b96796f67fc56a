// The flowchart: the SVG that Graphviz `dot` drew from `flowc graph`'s DOT,
// rebuilt element by element. The text is parsed as XML (which runs
// nothing), and only the elements and attributes a drawing by dot uses are
// copied into new SVG elements; texts become text nodes. So the flow's
// text in the labels stays text, and no link, script, handler, style or
// foreign object comes through (the page's CSP would stop them too).
const SVG_NS = 'http://www.w3.org/2000/svg';
const ELEMENTS = new Set(['svg', 'g', 'title', 'polygon', 'polyline', 'path', 'ellipse', 'circle', 'rect', 'line', 'text', 'tspan']);
const ATTRIBUTES = new Set(['width', 'height', 'viewBox', 'transform', 'points', 'd', 'cx', 'cy', 'rx', 'ry', 'r', 'x', 'y',
  'x1', 'y1', 'x2', 'y2', 'fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'fill-opacity',
  'font-family', 'font-size', 'font-weight', 'font-style', 'text-anchor', 'class', 'id', 'opacity', 'preserveAspectRatio']);
// A value that could name another resource (url(...), javascript:...) is
// dropped: only words, numbers, colours and transforms (`translate(4 96)`).
const SAFE_VALUE = /^[\w\s.,()#%+-]*$/;
const RESOURCE = /url|script|expression/i;

function copy(node, out) {
  for (const child of node.childNodes) {
    if (child.nodeType === 3) {
      out.append(document.createTextNode(child.nodeValue));
      continue;
    }
    if (child.nodeType !== 1) continue;
    const name = child.localName;
    if (name === 'a') { // dot wraps nodes with a tooltip in <a>: keep what is inside
      copy(child, out);
      continue;
    }
    if (!ELEMENTS.has(name) || child.namespaceURI !== SVG_NS) continue;
    const e = document.createElementNS(SVG_NS, name);
    for (const attr of child.attributes) {
      if (ATTRIBUTES.has(attr.name) && !attr.namespaceURI && SAFE_VALUE.test(attr.value) && !RESOURCE.test(attr.value)) e.setAttribute(attr.name, attr.value);
    }
    copy(child, e);
    out.append(e);
  }
}

// The <svg> element for `text`, or null when it is not a drawing.
export function drawing(text) {
  if (!text) return null;
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const root = doc.documentElement;
  if (!root || root.localName !== 'svg' || root.namespaceURI !== SVG_NS || doc.querySelector('parsererror')) return null;
  const frag = document.createDocumentFragment();
  copy(doc, frag);
  return frag.firstElementChild && frag.firstElementChild.localName === 'svg' ? frag.firstElementChild : null;
}
