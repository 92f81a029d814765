package pos

// The protocol core's tests are table tests, one per rule: amounts
// parsed and formatted, frames classified, requests built from a
// profile's templates, profiles loaded and validated field by field,
// Postman collections imported (the vendor's, a UPI and card one; an old
// v2.0 one refused), references, states and the TCP stream decoder.
// The fuzz targets (profile loading, Postman import, amount parsing,
// frame classification, the stream decoder: `go test -fuzz=FuzzX
// ./app/pos/`) run their checked-in seeds as ordinary tests; `make test`
// runs the package in the browser's wasm too.
