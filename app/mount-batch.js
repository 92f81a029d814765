// The page's half of the batched mount (app/cmd/patchdeps, the mount
// patch): go-app records the DOM calls of a mount and makes them here, in
// one call from Go instead of about ten a node. ops is a string of
// operations, each a letter and its fields, a field being its length in
// UTF-16 code units, a colon and its text, or "~", the index of the
// argument holding it, and a colon; args holds the listeners, their
// options, and texts that were not valid UTF-8 in Go. It returns the
// nodes made, in the order they were made.
"use strict";
window.lanepayMountBatch = function (ops, ...args) {
  let at = 0;
  const field = () => {
    const colon = ops.indexOf(":", at);
    if (ops[at] === "~") {
      const arg = args[Number(ops.slice(at + 1, colon))];
      at = colon + 1;
      return arg;
    }
    const end = colon + 1 + Number(ops.slice(at, colon));
    at = end;
    return ops.slice(colon + 1, end);
  };
  const nodes = [];
  let element = null;
  while (at < ops.length) {
    const op = ops[at++];
    switch (op) {
      case "e":
        element = document.createElement(field());
        nodes.push(element);
        break;
      case "n": {
        const ns = field();
        element = document.createElementNS(ns, field());
        nodes.push(element);
        break;
      }
      case "t":
        nodes.push(document.createTextNode(field()));
        break;
      case "r": {
        const wrapper = document.createElement("div");
        wrapper.innerHTML = field();
        const first = wrapper.firstChild;
        wrapper.removeChild(first);
        nodes.push(first);
        break;
      }
      case "a": {
        const name = field();
        element.setAttribute(name, field());
        break;
      }
      case "p": {
        const name = field();
        element[name] = field();
        break;
      }
      case "b": {
        const name = field();
        element[name] = field() === "1";
        break;
      }
      case "l": {
        const event = field();
        const handler = args[Number(field())];
        const options = field();
        if (options === "") {
          element.addEventListener(event, handler);
        } else {
          element.addEventListener(event, handler, args[Number(options)]);
        }
        break;
      }
      case "c": {
        const parent = nodes[Number(field())];
        parent.appendChild(nodes[Number(field())]);
        break;
      }
      default:
        throw new Error("lanepayMountBatch: unknown operation " + op + " at " + (at - 1));
    }
  }
  return nodes;
};
