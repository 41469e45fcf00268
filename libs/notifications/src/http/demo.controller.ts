import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@questline/platform';
import { DEMO_PAGE } from './demo-page';

/**
 * The live demo page: `/demo/leaderboard?board=<board>&token=<user token>` renders the board and the
 * token's user's notifications, live over SSE (the `npm start` banner prints a link with a token).
 * The page itself is public and holds nothing; what it shows comes from the streams the token opens.
 */
@ApiExcludeController()
@Controller('demo')
export class DemoController {
  @Get('leaderboard')
  @Public()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  @Header('referrer-policy', 'no-referrer')
  @Header('content-security-policy', "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'")
  page(): string {
    return DEMO_PAGE;
  }
}
