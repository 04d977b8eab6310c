package io.jobwire.launcher;

/** How the front end authenticates connections ({@code --auth}). */
enum AuthMode {
  NONE,
  TOKEN,
  JWT
}
