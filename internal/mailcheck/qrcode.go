package mailcheck

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/draw"
	_ "image/gif" // decoders for the image formats mail carries
	_ "image/jpeg"
	_ "image/png"
	"regexp"
	"strings"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"
)

// Bounds of QR code scanning: images smaller than a code or larger than
// a screen are skipped, and so are images after the first few.
const (
	minQRPixels    = 21
	maxQRPixels    = 4096 * 4096
	maxQRImages    = 20
	maxDataURIScan = 8 << 20
)

// scanImage decodes an image and records the web URL of a QR code in it.
func (in *inspector) scanImage(b []byte) {
	if len(in.qrURLs) >= maxQRImages || in.qrScans >= maxQRImages {
		return
	}
	in.qrScans++
	text, ok := decodeQR(b)
	if !ok {
		return
	}
	text = strings.TrimSpace(text)
	if isWebURL(text) {
		in.qrURLs = append(in.qrURLs, text)
		in.urls.add(URL{URL: text, Source: SourceQRCode})
	}
}

// decodeQR returns the text of the QR code in an image, if any. The
// image's size is checked before its pixels are decoded.
func decodeQR(b []byte) (text string, ok bool) {
	defer func() {
		if recover() != nil {
			text, ok = "", false
		}
	}()
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil || !qrShaped(cfg.Width, cfg.Height) {
		return "", false
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return "", false
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(opaque(img))
	if err != nil {
		return "", false
	}
	if res, err := qrcode.NewQRCodeReader().Decode(bmp, nil); err == nil {
		return res.GetText(), true
	}
	return decodePureQR(img)
}

// qrShaped reports whether an image of this size may be a QR code worth
// decoding: not a tracking pixel, not a huge photo, and roughly square
// (a code alone, as lures embed it; a code inside a wide banner is
// missed, which keeps logos and banners from costing a decode each).
func qrShaped(w, h int) bool {
	if w < minQRPixels || h < minQRPixels || w*h > maxQRPixels {
		return false
	}
	return w*4 >= h*3 && h*4 >= w*3
}

// opaque returns img itself when it has no transparency, else img drawn
// over white.
func opaque(img image.Image) image.Image {
	if o, ok := img.(interface{ Opaque() bool }); ok && o.Opaque() {
		return img
	}
	return onWhite(img, 0)
}

// quietZone is the white margin added around an image for the second
// try: a code drawn to the image's edge has no quiet zone, and the
// detector then misreads its size.
const quietZone = 40

// decodePureQR tries again with a margin, taking the image as a code
// alone (the way generated QR images in mail are).
func decodePureQR(img image.Image) (string, bool) {
	bmp, err := gozxing.NewBinaryBitmapFromImage(onWhite(img, quietZone))
	if err != nil {
		return "", false
	}
	hints := map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, hints)
	if err != nil {
		return "", false
	}
	return res.GetText(), true
}

// onWhite draws img over a white background with a white margin: a QR
// code drawn in black on transparent pixels would otherwise read as
// black on black.
func onWhite(img image.Image, margin int) image.Image {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx()+2*margin, b.Dy()+2*margin))
	draw.Draw(out, out.Bounds(), image.White, image.Point{}, draw.Src)
	inner := image.Rect(margin, margin, margin+b.Dx(), margin+b.Dy())
	draw.Draw(out, inner, img, b.Min, draw.Over)
	return out
}

// dataImageRE finds base64 image data URIs in HTML.
var dataImageRE = regexp.MustCompile(`data:image/(png|jpe?g|gif);base64,([A-Za-z0-9+/=\s]{100,})`)

// scanDataImages scans the images embedded as data URIs in HTML.
func (in *inspector) scanDataImages(doc string) {
	doc = doc[:min(len(doc), maxDataURIScan)]
	for _, m := range dataImageRE.FindAllStringSubmatch(doc, maxQRImages) {
		data, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(m[2]), ""))
		if err == nil {
			in.scanImage(data)
		}
	}
}
