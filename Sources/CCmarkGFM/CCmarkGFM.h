// The parts of libcmark-gfm that Bramble uses: the parser, the HTML renderer and the GitHub
// extensions (tables).
#include <cmark-gfm.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm-core-extensions.h>
