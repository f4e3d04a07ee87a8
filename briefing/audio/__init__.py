"""Audio: decode clips, lay them on one timeline, encode and tag the episode."""
