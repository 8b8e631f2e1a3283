package mailcheck

import (
	"bytes"
	"encoding/base64"
	"image"
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
	if err != nil || cfg.Width < minQRPixels || cfg.Height < minQRPixels || cfg.Width*cfg.Height > maxQRPixels {
		return "", false
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return "", false
	}
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return "", false
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, nil)
	if err != nil {
		return "", false
	}
	return res.GetText(), true
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
