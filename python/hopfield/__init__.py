"""hopfield: associative memories (classical, dense and modern Hopfield networks)."""
