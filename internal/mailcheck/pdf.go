package mailcheck

import (
	"bytes"
	"compress/zlib"
	"io"
	"regexp"
	"strconv"
)

// maxPDFStreams bounds the streams of one PDF that are looked into.
const maxPDFStreams = 500

// pdfActiveKeys are the PDF names that run, launch or submit something.
// /OpenAction and /URI are common in harmless files and only count with
// one of these.
var pdfActiveKeys = []string{"/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/SubmitForm",
	"/AA", "/RichMedia", "/XFA"}

// isPDF reports whether b is a PDF document (the header may follow a few
// junk bytes, which readers accept).
func isPDF(b []byte) bool {
	return bytes.Contains(b[:min(len(b), 1024)], []byte("%PDF-"))
}

// pdfNameEscapeRE matches a #hh escape inside a PDF name (/J#61vaScript).
var pdfNameEscapeRE = regexp.MustCompile(`#([0-9A-Fa-f]{2})`)

// pdfURIRE finds a link annotation's target.
var pdfURIRE = regexp.MustCompile(`/URI\s*\(([^)]{1,1000})\)`)

// inspectPDF scans a PDF lexically, including its Flate-compressed
// streams (within the decompression budget), for active content and
// link targets, and decodes its JPEG images for QR codes.
func (in *inspector) inspectPDF(a *Attachment) {
	text := pdfNameEscapeRE.ReplaceAllFunc(a.Content, unescapePDFName)
	bodies := append([][]byte{text}, in.pdfStreams(a.Content)...)
	found := map[string]bool{}
	for _, b := range bodies {
		for _, key := range pdfActiveKeys {
			if !found[key] && pdfHasName(b, key) {
				found[key] = true
				a.ActiveContent = append(a.ActiveContent, key)
			}
		}
		for _, m := range pdfURIRE.FindAllSubmatch(b, 50) {
			if uri := string(m[1]); isWebURL(uri) {
				in.urls.add(URL{URL: uri, Source: SourcePDF})
			}
		}
	}
}

// pdfHasName reports whether the name occurs as a whole PDF name (so
// /JS does not match /JSON).
func pdfHasName(b []byte, name string) bool {
	for i := bytes.Index(b, []byte(name)); i >= 0; {
		end := i + len(name)
		if end >= len(b) || !isPDFNameByte(b[end]) {
			return true
		}
		next := bytes.Index(b[end:], []byte(name))
		if next < 0 {
			return false
		}
		i = end + next
	}
	return false
}

// isPDFNameByte reports whether c continues a PDF name.
func isPDFNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// unescapePDFName decodes one #hh escape.
func unescapePDFName(m []byte) []byte {
	v, err := strconv.ParseUint(string(m[1:]), 16, 8)
	if err != nil {
		return m
	}
	return []byte{byte(v)}
}

// pdfStreams returns the inflated content of Flate streams and scans the
// JPEG (DCT) streams for QR codes.
func (in *inspector) pdfStreams(b []byte) [][]byte {
	var out [][]byte
	for n, off := 0, 0; n < maxPDFStreams; n++ {
		i := bytes.Index(b[off:], []byte("stream"))
		if i < 0 {
			break
		}
		start := off + i + len("stream")
		end := bytes.Index(b[start:], []byte("endstream"))
		if end < 0 {
			break
		}
		dict := b[max(off, off+i-300) : off+i]
		data := bytes.TrimLeft(b[start:start+end], "\r\n")
		off = start + end + len("endstream")
		switch {
		case bytes.Contains(dict, []byte("/FlateDecode")):
			out = append(out, in.inflate(data))
		case bytes.Contains(dict, []byte("/DCTDecode")):
			in.scanImage(data)
		}
		// TODO: Flate-compressed raw images (/Width, /Height, /ColorSpace)
		// are not rebuilt for QR decoding, so a QR code stored that way in
		// a PDF is missed (one of the corpus' two QR lures).
	}
	return out
}

// inflate decompresses one stream within the budget; a damaged stream
// yields what was decompressed before the damage.
func (in *inspector) inflate(data []byte) []byte {
	if in.budget <= 0 {
		return nil
	}
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	limit := min(in.budget, int64(len(data))*in.opts.MaxCompressionRatio)
	out, _ := io.ReadAll(io.LimitReader(zr, limit))
	in.budget -= int64(len(out))
	return out
}
