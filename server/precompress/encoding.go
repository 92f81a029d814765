package precompress

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"

	"github.com/andybalholm/brotli"
)

// Encoding is one content coding that Dir writes copies in.
type Encoding struct {
	Name string // the Content-Encoding token
	Ext  string // the copy's suffix
	// Compress compresses at the encoding's best level: the copies are made
	// once per build, so time spent here is paid once.
	Compress   func([]byte) ([]byte, error)
	Decompress func([]byte) ([]byte, error)
}

// Encodings are the codings Dir writes, in the server's order of
// preference.
var Encodings = []Encoding{
	{Name: "br", Ext: ".br", Compress: compressBrotli, Decompress: decompressBrotli},
	{Name: "gzip", Ext: ".gz", Compress: compressGzip, Decompress: decompressGzip},
}

func compressBrotli(data []byte) ([]byte, error) {
	var b bytes.Buffer
	// The default window (4 MiB) compresses the 7 MB wasm as well as the
	// largest one and keeps the decoder's memory small on a tablet.
	w := brotli.NewWriterLevel(&b, brotli.BestCompression)
	if _, err := w.Write(data); err != nil {
		return nil, fmt.Errorf("failed to write brotli: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("failed to finish brotli: %w", err)
	}
	return b.Bytes(), nil
}

func decompressBrotli(data []byte) ([]byte, error) {
	out, err := io.ReadAll(brotli.NewReader(bytes.NewReader(data)))
	if err != nil {
		return nil, fmt.Errorf("failed to read brotli: %w", err)
	}
	return out, nil
}

func compressGzip(data []byte) ([]byte, error) {
	var b bytes.Buffer
	// No name and no modification time in the header: the same input makes
	// the same bytes, so the copies (and their ETags) only change with it.
	w, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		return nil, fmt.Errorf("failed to start gzip: %w", err)
	}
	if _, err := w.Write(data); err != nil {
		return nil, fmt.Errorf("failed to write gzip: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("failed to finish gzip: %w", err)
	}
	return b.Bytes(), nil
}

func decompressGzip(data []byte) ([]byte, error) {
	r, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("failed to read gzip: %w", err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("failed to read gzip: %w", err)
	}
	return out, nil
}
