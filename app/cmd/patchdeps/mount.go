package main

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
)

// The mount patch: go-app mounts a tree with about ten calls from Go into
// JavaScript a node, most of a warm start's Go time. The patch records a
// mount's operations and runs them in one call to a builder the page
// supplies (mount_batch.go.in); without the builder go-app mounts as
// released. Only mounting changes: updates and dismounts are go-app's.

// nodeSHA256 is the hash of pkg/app/node.go in go-app v10.1.11.
const nodeSHA256 = "6fc7abe1ce4243b89bfed8808302c934d1049863554373ddf66f74ec3bbbe0fc"

//go:embed mount_batch.go.in
var mountBatchGo string

//go:embed mount_batch_test.go.in
var mountBatchTest string

// builderJS is the page's builder, in the main module.
const builderJS = "app/mount-batch.js"

// mountBatch returns the files of go-app v10.1.11 the mount patch writes,
// by path in the module; withTest adds its test, which takes the builder
// from the main module in root.
func mountBatch(read reader, withTest bool, root string) (map[string][]byte, error) {
	src, err := released(read, goApp, "pkg/app/node.go", nodeSHA256)
	if err != nil {
		return nil, fmt.Errorf("the mount patch: %w", err)
	}
	patched, err := edit(src, nodeChanges...)
	if err != nil {
		return nil, fmt.Errorf("the mount patch: go-app's node.go: %w", err)
	}
	files := map[string][]byte{
		"pkg/app/node.go":        patched,
		"pkg/app/mount_batch.go": []byte(mountBatchGo),
	}
	if withTest {
		js, err := os.ReadFile(filepath.Join(root, builderJS))
		if err != nil {
			return nil, fmt.Errorf("the mount patch's test: %w", err)
		}
		files["pkg/app/mount_batch_test.go"] = []byte(mountBatchTest +
			"\n// mountBatchJS is " + builderJS + ".\nconst mountBatchJS = " + strconv.Quote(string(js)) + "\n")
	}
	return files, nil
}

// nodeChanges record, while a batch is open, each call nodeManager's
// mount makes into JavaScript; the outermost Mount opens the batch and
// closes it before returning, so a mounted node has its reference as
// before.
var nodeChanges = []change{
	{
		"func (m nodeManager) Mount(ctx Context, depth uint, v UI) (UI, error) {\n\tctx = m.context(ctx, v)\n",
		`func (m nodeManager) Mount(ctx Context, depth uint, v UI) (UI, error) {
	if b, outermost := startMount(v); outermost {
		defer endMount(b)
	}
	ctx = m.context(ctx, v)
`,
	},
	{
		"\tv.jsvalue = Window().createTextNode(v.value)\n",
		`	if b := openBatch; b != nil {
		b.text(v.value, func(j Value) { v.jsvalue = j })
		v.jsvalue = pendingNode
		return v, nil
	}
	v.jsvalue = Window().createTextNode(v.value)
`,
	},
	{
		"\tjsElement, _ := Window().createElement(v.Tag(), v.XMLNamespace())\n\tv = v.setJSElement(jsElement)\n",
		`	b := openBatch
	node := 0
	if b != nil {
		node = b.element(v, func(j Value) { v.setJSElement(j) })
		v = v.setJSElement(pendingNode)
	} else {
		jsElement, _ := Window().createElement(v.Tag(), v.XMLNamespace())
		v = v.setJSElement(jsElement)
	}
`,
	},
	{
		"\t\tchild = child.setParent(v)\n\t\tchildren[i] = child\n\t\tv.JSValue().appendChild(child)\n\t}\n\n\treturn v, nil\n",
		`		child = child.setParent(v)
		children[i] = child
		if b != nil {
			b.appendChild(node, b.top)
			continue
		}
		v.JSValue().appendChild(child)
	}

	if b != nil {
		b.top = node
	}
	return v, nil
`,
	},
	{
		"\tfor name, value := range v.attrs() {\n\t\tsetJSAttribute(v.JSValue(), name, resolveAttributeURLValue(\n\t\t\tname,\n\t\t\tvalue,\n\t\t\tctx.ResolveStaticResource,\n\t\t))\n",
		`	for name, value := range v.attrs() {
		value := resolveAttributeURLValue(
			name,
			value,
			ctx.ResolveStaticResource,
		)
		if b := openBatch; b.recording(v) {
			b.attr(name, value)
			continue
		}
		setJSAttribute(v.JSValue(), name, value)
`,
	},
	{
		"\tv.JSValue().addEventListener(event, jsHandler, handler.options())\n",
		`	if b := openBatch; b.recording(v) {
		b.listener(event, jsHandler, handler.options())
	} else {
		v.JSValue().addEventListener(event, jsHandler, handler.options())
	}
`,
	},
	{
		"\twrapper, _ := Window().createElement(\"div\", \"\")\n",
		`	if b := openBatch; b != nil {
		b.raw(v.value, func(j Value) { v.jsElement = j })
		v.jsElement = pendingNode
		return v, nil
	}
	wrapper, _ := Window().createElement("div", "")
`,
	},
}
