package press

import (
	"strings"
	"testing"
)

func TestArticleText(t *testing.T) {
	t.Parallel()
	title, text := ArticleText(readFixture(t, "article.html"))
	if title != "Alpenpharma baut Werk in Kufstein aus" {
		t.Errorf("title = %q", title)
	}
	want := "Von Redaktion, 5. März 2024\n\n" +
		"Die Alpenpharma GmbH investiert 20 Millionen Euro in ihren Standort Kufstein.\n\n" +
		"„Wir verdoppeln die Kapazität“, sagte Dr. Anna Huber, Leiterin Einkauf bei Alpenpharma. Die Bauarbeiten beginnen im Sommer.\n\n" +
		"Neue Arbeitsplätze\n\n" +
		"Thomas Berger, Geschäftsführer der Alpenpharma GmbH, rechnet mit 120 neuen Stellen.\n\n" +
		"Baubeginn: Juni\n\nFertigstellung: 2026"
	if text != want {
		t.Errorf("text:\n%s\n--- want:\n%s", text, want)
	}
	ms := FindMentions(text, testAccounts)
	if len(ms) != 2 {
		t.Errorf("mentions in the article = %+v", ms)
	}
}

func TestArticleTextWithoutArticleElement(t *testing.T) {
	t.Parallel()
	title, text := ArticleText(readFixture(t, "article-noarticle.html"))
	if title != "Acme names new sourcing chief" {
		t.Errorf("title = %q", title)
	}
	if !strings.HasPrefix(text, "Acme Inc. has appointed Sarah Connor") || strings.Contains(text, "newsletter") ||
		strings.Contains(text, "teaser") || strings.Contains(text, "Home") || strings.Count(text, "\n\n") != 2 {
		t.Errorf("text = %q", text)
	}
}

func TestArticleTextEdgeCases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, html, title, text string
	}{
		{"empty", "", "", ""},
		{"plain text", "just text", "", "just text"},
		{"title only", "<title> A  title </title>", "A title", ""},
		{"og title", `<meta property="og:title" content="OG"><title>T</title><p>x</p>`, "OG", "x"},
		{"largest article wins", `<article><p>short</p></article><article><h1>Main</h1><p>` + strings.Repeat("long text ", 20) + `</p></article>`,
			"Main", strings.TrimSpace(strings.Repeat("long text ", 20))},
		{"article body", `<article><div class="intro">Intro</div><div itemprop="articleBody"><p>Body text.</p></div></article>`, "", "Body text."},
		{"broken html", `<div><p>Unclosed <b>bold<p>next`, "", "Unclosed bold\n\nnext"},
		{"br paragraphs", `<div>line one<br>line two</div>`, "", "line one\n\nline two"},
	}
	for _, tc := range tests {
		title, text := ArticleText([]byte(tc.html))
		if title != tc.title || text != tc.text {
			t.Errorf("%s: got (%q, %q), want (%q, %q)", tc.name, title, text, tc.title, tc.text)
		}
	}
}

func TestArticleTextDeepNesting(t *testing.T) {
	t.Parallel()
	html := strings.Repeat("<div>", 2000) + "<p>deep text</p>" + strings.Repeat("</div>", 2000)
	_, text := ArticleText([]byte(html))
	if !strings.Contains(text, "deep text") {
		t.Errorf("deeply nested text lost: %q", text)
	}
}

func TestStripHTML(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"plain   text\n", "plain text"},
		{"<p>a</p><p>b</p>", "a\n\nb"},
		{"AT&T &amp; Co &auml;", "AT&T & Co ä"},
		{"a <script>x()</script>b<style>.c{}</style>", "a b"},
		{"price < 5 and > 3", "price < 5 and > 3"},
		{"soft\u00adhyphen", "softhyphen"},
		{"<b>unclosed", "unclosed"},
	}
	for _, tc := range tests {
		if got := stripHTML(tc.in, 0); got != tc.want {
			t.Errorf("stripHTML(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
