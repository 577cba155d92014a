package httpx

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// TransportError cleans up an error http.Client.Do returned for req: it
// drops the *url.Error wrapper, which repeats the URL with its query (the
// connector names the endpoint itself), and when req's context is done and
// err stems from it, returns the context's error itself.
func TransportError(req *http.Request, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if ctxErr := req.Context().Err(); ctxErr != nil && errors.Is(err, ctxErr) {
		err = ctxErr
	}
	return err
}

// DecodeJSON decodes a JSON body into v. With v nil it reads and discards
// up to 1 MiB of the body instead, so the connection can be reused, and
// returns nil. An error is the JSON decoder's.
func DecodeJSON(body io.Reader, v any) error {
	if v == nil {
		_, _ = io.Copy(io.Discard, io.LimitReader(body, 1<<20))
		return nil
	}
	if rd, ok := v.(RawDecoder); ok {
		data, err := io.ReadAll(body)
		if err != nil {
			return err
		}
		return rd.DecodeRaw(data)
	}
	return json.NewDecoder(body).Decode(v)
}

// RawDecoder is a value DecodeJSON hands the whole body to, instead of
// decoding it with encoding/json: for a caller that decodes only part of
// the body now and the rest later (or elsewhere).
type RawDecoder interface {
	DecodeRaw(data []byte) error
}

// Snippet returns the start of a non-JSON body (at most 200 bytes, cut on a
// UTF-8 boundary) on one line, for an error message.
func Snippet(data []byte) string {
	data = bytes.TrimSpace(data)
	if len(data) > 200 {
		data = data[:200]
		for len(data) > 0 && !utf8.Valid(data) {
			data = data[:len(data)-1]
		}
	}
	return strings.Join(strings.Fields(string(data)), " ")
}
