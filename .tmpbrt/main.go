package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"time"

	"github.com/andybalholm/brotli"
)

func main() {
	data, _ := os.ReadFile(os.Args[1])
	for _, lg := range []int{22, 24} {
		t := time.Now()
		var b bytes.Buffer
		w := brotli.NewWriterOptions(&b, brotli.WriterOptions{Quality: 11, LGWin: lg})
		w.Write(data)
		w.Close()
		fmt.Println("br lgwin", lg, b.Len(), time.Since(t))
	}
	t := time.Now()
	var g bytes.Buffer
	gw, _ := gzip.NewWriterLevel(&g, gzip.BestCompression)
	gw.Write(data)
	gw.Close()
	fmt.Println("gz", g.Len(), time.Since(t))
}
