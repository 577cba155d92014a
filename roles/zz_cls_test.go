package roles

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestZZCls(t *testing.T) {
	for _, s := range strings.Split(os.Getenv("CLS"), "|") {
		c := Classify(s)
		fmt.Printf("%q -> %s %s %s %s\n", s, c.Function, c.Seniority, c.BuyingRole, c.Rule)
	}
}
