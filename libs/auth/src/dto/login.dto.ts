import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin@localhost' }) @IsEmail({ require_tld: false }) email: string;
  @ApiProperty() @IsString() @Length(1, 200) password: string;
}

export class TokenDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn: number;
  @ApiProperty() user: { id: string; email: string; name: string; role: string };
}
