package main

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/lanepay/lanepay/app/pos"
)

func TestFileSlug(t *testing.T) {
	for in, want := range map[string]string{"Default": "default", "Semi Integration - ECR": "semi-integration-ecr", "  ": "profile", "Caisse n°2!": "caisse-n-2"} {
		if got := fileSlug(in); got != want {
			t.Errorf("fileSlug(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestProfileEditor(t *testing.T) {
	// What the editor shows loads back as the same profile.
	text := profileJSON(pos.DefaultProfile())
	p, err := pos.LoadProfile([]byte(text))
	if err != nil {
		t.Fatalf("the editor's own text does not load: %v", err)
	}
	if !reflect.DeepEqual(p, pos.DefaultProfile()) {
		t.Error("the profile changed on its way through the editor")
	}

	bad := strings.Replace(text, `"currency": "INR"`, `"currency": "IN"`, 1)
	bad = strings.Replace(bad, `"timeout_seconds": 120`, `"timeout_seconds": 0`, 1)
	_, err = pos.LoadProfile([]byte(bad))
	lines := profileErrorLines(voice{}, err)
	want := []string{"currency: must be a 3-letter code like USD", "timeout_seconds: must be from 1 to 3600"}
	if !reflect.DeepEqual(lines, want) {
		t.Errorf("errors %q, want %q", lines, want)
	}

	_, err = pos.LoadProfile([]byte(`{"name": "x",`))
	if lines := profileErrorLines(voice{}, err); len(lines) != 1 || !strings.HasPrefix(lines[0], "The profile is not valid JSON") {
		t.Errorf("a syntax error reads %q", lines)
	}
}

// TestImportShopCollection imports the browser test's sample collection
// the way the screen does: over the current profile, then through the
// editor's text, which must load.
func TestImportShopCollection(t *testing.T) {
	data, err := os.ReadFile("pos/testdata/shop.postman_collection.json")
	if err != nil {
		t.Fatal(err)
	}
	im, err := pos.ImportPostman(data, pos.DefaultProfile())
	if err != nil {
		t.Fatal(err)
	}
	p, skipped := im.Profile, im.Skipped
	if _, err := pos.LoadProfile([]byte(profileJSON(p))); err != nil {
		t.Fatalf("the imported profile does not load back: %v", err)
	}
	if len(p.Types) != 5 || len(skipped) != 3 {
		t.Errorf("%d types and %d skipped, want 5 and 3: %+v", len(p.Types), len(skipped), skipped)
	}
}
