#include <stdio.h>

int main(void) {
  puts("hello from a multi-stage build");
  return 0;
}
