"""One module per sign of tokenism; each calls ``health.registry.register_sign`` at import (docs/health.md)."""
