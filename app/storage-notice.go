package main

import (
	"github.com/lanepay/lanepay/app/cashier"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// storageWords says whether the browser keeps the journal, and what to do
// when it may not: Settings and History, where the shop looks after its
// records, say it.
func storageWords(v voice, st cashier.StorageState) string {
	switch st {
	case cashier.StorageKept:
		return v.T("The browser keeps the journal: it will not clear it to free space.")
	case cashier.StorageBestEffort:
		return v.T("The browser may clear the journal when the device runs short of space. Install the app (a browser keeps an installed app's storage) and export History as CSV every day.")
	case cashier.StorageNoChoice:
		return v.T("This browser cannot be asked to keep the journal (browsers allow it over HTTPS, or on this device itself). Export History as CSV every day.")
	}
	return ""
}

// storageNotice is the paragraph that says it, if there is anything to
// say.
func storageNotice(v voice, st cashier.StorageState) app.UI {
	words := storageWords(v, st)
	if words == "" {
		return nil
	}
	class := "hint storage-status"
	if st != cashier.StorageKept {
		class += " storage-warn"
	}
	return app.P().ID("storage-status").Class(class).Text(words)
}
