import { maintainerDeprecated } from './maintainer-deprecated';
import { ruleTester } from './testing/ruleTester';

ruleTester(maintainerDeprecated, {
  valid: [
    { code: 'FROM alpine:3.24\nLABEL org.opencontainers.image.authors="jane@example.com"\n' },
    { name: 'the word in a RUN', code: 'FROM alpine:3.24\nRUN echo MAINTAINER\n' },
  ],
  invalid: [
    {
      code: 'FROM alpine:3.24\nMAINTAINER Jane Doe <jane@example.com>\n',
      errors: [{ line: 2, column: 1, message: 'deprecated' }],
      fixTitles: ['Convert to LABEL org.opencontainers.image.authors'],
      output: 'FROM alpine:3.24\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"\n',
    },
    {
      name: 'lower-case keyword keeps its casing',
      code: 'from alpine:3.24\nmaintainer jane\n',
      errors: [{ line: 2 }],
      output: 'from alpine:3.24\nlabel org.opencontainers.image.authors="jane"\n',
    },
    {
      name: 'quotes and dollars are escaped',
      code: 'FROM alpine:3.24\nMAINTAINER Jane "JD" $Doe\n',
      errors: [{ line: 2 }],
      output: 'FROM alpine:3.24\nLABEL org.opencontainers.image.authors="Jane \\"JD\\" \\$Doe"\n',
    },
    {
      name: 'already quoted value stays',
      code: 'FROM alpine:3.24\nMAINTAINER "Jane Doe"\n',
      errors: [{ line: 2 }],
      output: 'FROM alpine:3.24\nLABEL org.opencontainers.image.authors="Jane Doe"\n',
    },
    {
      name: 'backtick escape character',
      code: '# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nMAINTAINER C:\\Users\\jane\n',
      errors: [{ line: 3 }],
      output:
        '# escape=`\nFROM mcr.microsoft.com/windows/nanoserver:ltsc2022\nLABEL org.opencontainers.image.authors="C:\\Users\\jane"\n',
    },
    {
      name: 'before any FROM',
      code: 'MAINTAINER jane\nFROM alpine:3.24\n',
      errors: [{ line: 1 }],
    },
  ],
});
