package press

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func FuzzParseFeed(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.xml"))
	rdf, _ := filepath.Glob(filepath.Join("testdata", "*.rdf"))
	for _, name := range append(files, rdf...) {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><content type="xhtml"><div><p>x</p></div></content></entry></feed>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		start := time.Now()
		feed, err := parseFeed(data) // not ParseFeed: a panic must fail the fuzzer
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("parseFeed took %v on %d bytes", d, len(data))
		}
		if err != nil {
			if !strings.HasPrefix(err.Error(), "press: parse feed: ") {
				t.Fatalf("error without context: %v", err)
			}
			return
		}
		if len(feed.Items) > MaxItems || feed.Kind == "" {
			t.Fatalf("items=%d kind=%q", len(feed.Items), feed.Kind)
		}
		for _, it := range feed.Items {
			for _, s := range []string{it.Title, it.Summary, it.Content, it.Link} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8 in %q", s)
				}
			}
		}
	})
}

func FuzzFindMentions(f *testing.F) {
	for _, tc := range mentionCases {
		f.Add(tc.text)
	}
	for _, tc := range heldOutCases {
		f.Add(tc.text)
	}
	f.Add("Alpenpharma-Alpenpharma-Chef Dr. Dr. Dr. Prof. A. B. C. D. E. Bayer's Bayer's CEO , , ( –")
	m := NewMatcher(testAccounts)
	f.Fuzz(func(t *testing.T, text string) {
		got := m.findMentions(text) // not FindMentions: a panic must fail the fuzzer
		if len(got) > MaxMentions {
			t.Fatalf("%d mentions", len(got))
		}
		seen := map[string]bool{}
		for _, g := range got {
			if g.AccountID == "" || g.Name == "" || g.RoleText == "" || g.Sentence == "" {
				t.Fatalf("incomplete mention %+v", g)
			}
			if g.Confidence <= 0 || g.Confidence > 1 {
				t.Fatalf("confidence %v", g.Confidence)
			}
			if !strings.Contains(g.Sentence, g.Name) || !strings.Contains(strings.Join(strings.Fields(text), " "), g.RoleText) {
				t.Fatalf("mention not grounded in the text: %+v", g)
			}
			if strings.Contains(g.Name, "@") {
				t.Fatalf("e-mail in a name: %+v", g)
			}
			key := g.AccountID + "|" + g.Name
			if seen[key] {
				t.Fatalf("duplicate %s", key)
			}
			seen[key] = true
		}
	})
}

func FuzzArticleText(f *testing.F) {
	for _, name := range []string{"article.html", "article-noarticle.html"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, html []byte) {
		title, text := articleText(html)
		if len(title) > len(html)*3+16 || len(text) > len(html)*3+16 {
			t.Fatalf("output larger than input: %d/%d from %d", len(title), len(text), len(html))
		}
	})
}
