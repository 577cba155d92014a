package press

import (
	"fmt"
	"strings"
	"testing"
)

func BenchmarkParseFeed(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench</title><link>https://x.example/</link>`)
	for i := 0; i < 200; i++ {
		fmt.Fprintf(&sb, `<item><title>Artikel %d</title><link>https://x.example/%d</link><pubDate>Tue, 05 Mar 2024 09:30:00 +0100</pubDate>`+
			`<description><![CDATA[<p>Thomas Berger, Geschäftsführer der Alpenpharma GmbH, sagte …</p>]]></description>`+
			`<content:encoded><![CDATA[%s]]></content:encoded></item>`, i, i, strings.Repeat("<p>Ein Absatz mit <b>Text</b> und &amp; Entities.</p>", 20))
	}
	sb.WriteString(`</channel></rss>`)
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseFeed(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFindMentions(b *testing.B) {
	var sb strings.Builder
	for _, tc := range mentionCases {
		sb.WriteString(tc.text)
		sb.WriteString(" Die Konjunktur bleibt schwach, und die Preise steigen weiter, heißt es in der Branche.\n\n")
	}
	text := sb.String()
	// 500 accounts, as a daemon with a realistic target list would have
	accounts := append([]Account(nil), testAccounts...)
	for i := 0; i < 500; i++ {
		accounts = append(accounts, Account{ID: fmt.Sprint("a", i), Names: []string{fmt.Sprintf("Firma%d GmbH", i), fmt.Sprintf("Werke %d", i)}})
	}
	m := NewMatcher(accounts)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		m.FindMentions(text)
	}
}

func BenchmarkArticleText(b *testing.B) {
	data := readFixture(b, "article.html")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		ArticleText(data)
	}
}
