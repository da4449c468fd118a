// DOM helpers. Text always goes in through textContent (createTextNode): nothing a user typed is ever parsed as HTML.

/** Creates an element with attributes (`class`, `aria-*`, `data-*`, properties for the rest) and children (strings become text nodes). */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'class' || name.startsWith('aria-') || name.startsWith('data-') || name === 'role' || name === 'for') {
      element.setAttribute(name, value === true ? '' : String(value));
    } else if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else {
      element[name] = value;
    }
  }
  append(element, children);
  return element;
}

function append(parent, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(parent, child);
    } else {
      parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
}

/** Replaces an element's children. */
export function replaceChildren(parent, ...children) {
  parent.replaceChildren();
  append(parent, children);
}

/** The element with this id (which the page is known to have). */
export function byId(id) {
  return document.getElementById(id);
}
